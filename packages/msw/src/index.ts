export { fixtures } from './fixtures';
export {
  problemResponse,
  type RouteHandlerOptions,
  type RouteResolverInput,
  routeHandler,
  routeResponse,
  routeUrl,
} from './route-handlers';
export {
  createZoomConnectionHandlers,
  type ZoomConnectionScenarioName,
  type ZoomConnectionScenarioOptions,
  zoomConnectionScenarioNames,
  zoomConnectionScenarios,
} from './zoom-connection-scenarios';
