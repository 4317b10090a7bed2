export {
  ZoomMeetingPreview,
  type ZoomMeetingPreviewPart,
  type ZoomMeetingPreviewProps,
  type ZoomMeetingPreviewState,
} from './zoom-meeting-preview';
