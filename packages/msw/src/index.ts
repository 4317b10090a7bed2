export { fixtures } from './fixtures';
export {
  createHostHandlers,
  type HostScenarioName,
  type HostScenarioOptions,
  hostScenarioNames,
  hostScenarios,
} from './host-scenarios';
export { conflictsAround, hostFixtures, issuedMeeting, joinUrlOf } from './meeting-fixtures';
export {
  createMeetingHandlers,
  type MeetingScenarioName,
  type MeetingScenarioOptions,
  meetingScenarioNames,
  meetingScenarios,
} from './meeting-scenarios';
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
