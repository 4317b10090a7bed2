export { type BffConfig, type BffDependencies, createBff } from './create-bff';
export { logRedactPaths } from './request-context';
