/**
 * A Zoom meeting we no longer use but could not delete, because its host's link has no usable
 * token (revoked at Zoom, or needing re-authorization). Deleted when that Zoom user links again.
 */
export interface PendingHostDeletionRecord {
  tenantId: string;
  zoomMeetingId: string;
  zoomUserId: string;
  interviewId: string;
  /** The ATS user whose link hosted it, who must reconnect for it to go. */
  hostOwnerName: string;
  createdAt: Date;
}

export interface PendingHostDeletionRepository {
  /** Records it; recording the same meeting again changes nothing. */
  add(record: PendingHostDeletionRecord): Promise<void>;
  listForInterview(tenantId: string, interviewId: string): Promise<PendingHostDeletionRecord[]>;
  /** Every tenant's: a Zoom user's meetings are theirs wherever they link again. */
  listForHostUser(zoomUserId: string): Promise<PendingHostDeletionRecord[]>;
  remove(tenantId: string, zoomMeetingId: string): Promise<void>;
}
