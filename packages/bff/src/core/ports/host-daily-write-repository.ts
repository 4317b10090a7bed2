/** Meeting creates + updates sent for one Zoom host per UTC day (Zoom allows 100). */
export interface HostDailyWriteRepository {
  /** Adds one write and returns the day's new count. `day` is `YYYY-MM-DD` (UTC). */
  increment(zoomUserId: string, day: string): Promise<number>;
  count(zoomUserId: string, day: string): Promise<number>;
}
