export type {
  MeetingLinkLocaleMessages,
  MeetingLinkMessageKey,
  MeetingLinkMessages,
} from './messages';
export {
  ZoomMeetingLink,
  type ZoomMeetingLinkPart,
  type ZoomMeetingLinkProps,
  type ZoomMeetingLinkState,
} from './zoom-meeting-link';
