export { type AutoHostOrder, autoHostPick, interviewerHostings } from './auto-host';
export { createScenarioHandlers, type ScenarioHandlersOptions } from './bff-scenarios';
export type { ConnectionScenarioOptions } from './connection-handlers';
export { createConnectionHandlers } from './connection-scenarios';
export { approvalWaitSince, fixtures } from './fixtures';
export {
  createGoogleConnectionHandlers,
  type GoogleConnectionScenarioName,
  type GoogleConnectionScenarioOptions,
  googleConnectionScenarioNames,
  googleConnectionScenarios,
} from './google-connection-scenarios';
export {
  createHostHandlers,
  type HostScenarioName,
  type HostScenarioOptions,
  hostScenarioNames,
  hostScenarios,
} from './host-scenarios';
export {
  CALENDAR_RETRY_DELAY_MS,
  type CalendarRequest,
  calendarAttendees,
  calendarConflictsAround,
  calendarOwner,
  conflictsAround,
  deletedEventCalendar,
  failedCalendar,
  googleConflictsAround,
  hostFixtures,
  issuedMeeting,
  joinUrlOf,
  notRequestedCalendar,
  passcodeNotEmbeddedMeeting,
  registeredCalendar,
  tokyoSlotStart,
} from './meeting-fixtures';
export {
  createMeetingHandlers,
  interviewerFixtures,
  type MeetingScenarioName,
  type MeetingScenarioOptions,
  meetingScenarioNames,
  meetingScenarios,
} from './meeting-scenarios';
export {
  createOutlookConnectionHandlers,
  type OutlookConnectionScenarioName,
  type OutlookConnectionScenarioOptions,
  outlookConnectionScenarioNames,
  outlookConnectionScenarios,
} from './outlook-connection-scenarios';
export {
  createPreviewHandlers,
  type PreviewScenarioName,
  type PreviewScenarioOptions,
  previewScenarioNames,
  previewScenarios,
} from './preview-scenarios';
export {
  problemResponse,
  type RouteHandlerOptions,
  type RouteResolverInput,
  routeHandler,
  routeResponse,
  routeUrl,
} from './route-handlers';
export {
  createVariableHandlers,
  type VariableScenarioName,
  type VariableScenarioOptions,
  variableCandidateFixtures,
  variableScenarioNames,
  variableScenarios,
} from './variable-scenarios';
export {
  createZoomConnectionHandlers,
  type ZoomConnectionScenarioName,
  type ZoomConnectionScenarioOptions,
  zoomConnectionScenarioNames,
  zoomConnectionScenarios,
} from './zoom-connection-scenarios';
