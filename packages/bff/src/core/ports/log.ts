/** The slice of a structured logger (pino) the core uses. Never pass tokens or codes to it. */
export interface LogPort {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}
