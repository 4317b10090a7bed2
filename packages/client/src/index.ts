export { ApiError, type ApiErrorCode, type ApiErrorInit, isApiError } from './api-error';
export {
  type AtsZoomClient,
  type AtsZoomClientOptions,
  createAtsZoomClient,
  type HostsQuery,
  type MeetingPreviewQuery,
  type RequestInput,
  type RequestOptions,
  type ResponseSchema,
  type ResponseSchemas,
  type SaveMeetingOptions,
  type VariablesQuery,
} from './create-ats-zoom-client';
