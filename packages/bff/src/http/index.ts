export { type BffConfig, type BffDependencies, createBff, type MeetingTuning } from './create-bff';
export { logRedactPaths } from './request-context';
