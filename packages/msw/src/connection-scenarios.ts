import type { RequestHandler } from 'msw';
import {
  type ConnectionScenarioOptions,
  createProviderConnectionHandlers,
} from './connection-handlers';
import {
  type GoogleConnectionScenarioName,
  googleConnectionPlans,
} from './google-connection-scenarios';
import {
  type OutlookConnectionScenarioName,
  outlookConnectionPlans,
} from './outlook-connection-scenarios';
import { type ZoomConnectionScenarioName, zoomConnectionPlans } from './zoom-connection-scenarios';

/**
 * MSW handlers for the connection routes with each link in a named state, e.g. a settings page
 * showing Zoom connected and Google not: `{ zoom: 'connected', google: 'notConnected' }`.
 * `loading` or `serverError` on either side applies to `GET /connections/me` as a whole. For
 * meeting, host and preview routes that follow these links, see `createScenarioHandlers`.
 */
export function createConnectionHandlers(
  options: ConnectionScenarioOptions & {
    /** @default 'notConnected' */
    zoom?: ZoomConnectionScenarioName;
    /** @default 'notConnected' */
    google?: GoogleConnectionScenarioName;
    /**
     * The Outlook link; left out, the fake BFF has no Outlook configured (`GET /connections/me`
     * without `outlook`, and its authorize route answers 404).
     */
    outlook?: OutlookConnectionScenarioName;
  },
): RequestHandler[] {
  const { zoom = 'notConnected', google = 'notConnected', outlook, ...rest } = options;
  return createProviderConnectionHandlers(rest, {
    zoom: zoomConnectionPlans[zoom],
    google: googleConnectionPlans[google],
    ...(outlook ? { outlook: outlookConnectionPlans[outlook] } : {}),
  });
}
