export {
  ZoomMeetingLink,
  type ZoomMeetingLinkPart,
  type ZoomMeetingLinkProps,
  type ZoomMeetingLinkState,
} from './zoom-meeting-link';
