export { ApiError, type ApiErrorCode, type ApiErrorInit, isApiError } from './api-error';
export {
  type AtsZoomClient,
  type AtsZoomClientOptions,
  createAtsZoomClient,
  type RequestInput,
  type RequestOptions,
} from './create-ats-zoom-client';
