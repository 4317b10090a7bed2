/**
 * A Zoom create whose outcome must be knowable: written BEFORE the call, its id travels as the
 * meeting's reconciliation marker (a Zoom custom key, never the agenda people read), so a
 * create whose answer was lost is found again among the host's meetings instead of being sent
 * twice.
 */
export interface MeetingOperationRecord {
  id: string;
  tenantId: string;
  interviewId: string;
  connectionId: string;
  status: 'pending' | 'completed';
  zoomMeetingId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface MeetingOperationRepository {
  insert(record: MeetingOperationRecord): Promise<void>;
  /** The newest pending create of this interview at this host, if one is unresolved. */
  findPending(
    tenantId: string,
    interviewId: string,
    connectionId: string,
  ): Promise<MeetingOperationRecord | undefined>;
  complete(id: string, zoomMeetingId: string, at: Date): Promise<void>;
}
