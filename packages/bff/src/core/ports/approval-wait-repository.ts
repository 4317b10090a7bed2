/**
 * The ATS users who said they asked their Zoom admin to pre-approve the app: one wait per user,
 * kept until they connect or withdraw it.
 */
export interface ApprovalWaitRepository {
  /** When the user said so, or undefined when they are not waiting. */
  find(tenantId: string, userId: string): Promise<Date | undefined>;
  /** Records the wait; false when there was one (it keeps its first time). */
  record(tenantId: string, userId: string, requestedAt: Date): Promise<boolean>;
  /** Forgets the wait; false when there was none. */
  remove(tenantId: string, userId: string): Promise<boolean>;
}
