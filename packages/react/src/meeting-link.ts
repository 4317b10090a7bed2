// `@ats-zoom/react/meeting-link`: the interview page's meeting link, an entry of its own. The
// scheduling form (provider, link buttons, host picker, preview, variables) is the main entry;
// the interview page imports this one beside it.
export {
  ZoomMeetingLink,
  type ZoomMeetingLinkPart,
  type ZoomMeetingLinkProps,
  type ZoomMeetingLinkState,
} from './zoom-meeting-link';
