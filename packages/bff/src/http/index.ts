export { BffConfigError, bffConfigRules } from './bff-config';
export {
  type BffConfig,
  type BffDependencies,
  type BffRouter,
  createBff,
  type MeetingTuning,
} from './create-bff';
export { defaultRateLimits, type RateLimit, type RateLimitsConfig } from './rate-limits';
export { logRedactPaths } from './request-context';
