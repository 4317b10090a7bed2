/**
 * Ports of the BFF core. Core code (use cases, domain) depends only on these interfaces;
 * adapters (src/adapters) implement them and src/http wires them to Express.
 */

export interface Clock {
  now(): Date;
}
