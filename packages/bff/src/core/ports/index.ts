/**
 * Ports of the BFF core, one per file. Core code (use cases, domain) depends only on these
 * interfaces; adapters (src/adapters) implement them and src/http wires them to Express.
 */

export * from './approval-wait-repository';
export * from './audit-log-repository';
export * from './calendar';
export * from './calendar-records';
export * from './calendar-task-repository';
export * from './clock';
export * from './connection-repository';
export * from './host-daily-write-repository';
export * from './idempotency-key-repository';
export * from './log';
export * from './meeting-host';
export * from './meeting-host-users';
export * from './meeting-operation-repository';
export * from './meeting-repository';
export * from './oauth-attempt-repository';
export * from './pending-host-deletion-repository';
export * from './provider-oauth';
export * from './rate-limit-counter';
export * from './store';
export * from './token-cipher';
export * from './user-status-repository';
export * from './webhook-event-repository';
