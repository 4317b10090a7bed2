// `@ats-zoom/react/meeting-link`: the interview page's meeting link, an entry of its own (its
// texts: `@ats-zoom/react/meeting-link/locales/*`). The scheduling form (provider, link buttons,
// host picker, preview, variables) is the main entry; the interview page imports this one beside it.
export {
  type MeetingLinkLocaleMessages,
  type MeetingLinkMessageKey,
  type MeetingLinkMessages,
  ZoomMeetingLink,
  type ZoomMeetingLinkPart,
  type ZoomMeetingLinkProps,
  type ZoomMeetingLinkState,
} from './zoom-meeting-link';
