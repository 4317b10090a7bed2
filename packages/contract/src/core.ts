/**
 * `@ats-zoom/contract/core`: the part of the contract that needs no zod at runtime (route paths,
 * the problem registry, the OAuth message check, the variable catalog). Browser code imports
 * values from here and only types from `@ats-zoom/contract`, so zod never reaches a host's bundle.
 */

export * from './interview-time';
export * from './meeting-save-body';
export * from './oauth-result-message';
export * from './problems';
export * from './providers';
export * from './route-paths';
export * from './variable-catalog';
