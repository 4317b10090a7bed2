/**
 * The value `ZoomHostPicker` reports for its 自動で選ぶ option (never a connection id: those are
 * `[A-Za-z0-9_-]`); pass it on as `ZoomMeetingPreview`'s `hostConnectionId`, and save with
 * `host: { auto: true }` instead of `hostConnectionId`.
 */
export const AUTO_HOST = ':auto';
