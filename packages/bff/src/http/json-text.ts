import type { Response } from 'express';

/**
 * Writes a serialized JSON answer of ours in one piece. Every `/v1` answer is about one caller of one
 * tenant (names, e-mail addresses, schedules), so no browser or shared cache may keep it
 * (`no-store`); for the same reason it carries no ETag (Express would hash every body for it,
 * and a conditional request could never be answered 304 without doing the work anyway).
 */
export function sendJsonText(
  res: Response,
  status: number,
  body: string,
  type = 'application/json; charset=utf-8',
): void {
  res.statusCode = status;
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}
