/** An ATS user the host said is deactivated (one row per user while deactivated). */
export interface DeactivatedUserRecord {
  tenantId: string;
  userId: string;
  deactivatedAt: Date;
  /** The ATS user whose token said so. */
  deactivatedBy: string;
}

/**
 * The host's word on which of its users are deactivated. Their links are not offered as hosts
 * and their own tokens are refused; nothing of theirs is deleted or revoked.
 */
export interface UserStatusRepository {
  find(tenantId: string, userId: string): Promise<DeactivatedUserRecord | undefined>;
  /** The deactivated users of a tenant among `userIds` (all of them when omitted). */
  listDeactivated(tenantId: string, userIds?: readonly string[]): Promise<DeactivatedUserRecord[]>;
  /** Records the deactivation; false when the user was already deactivated (nothing changes). */
  deactivate(record: DeactivatedUserRecord): Promise<boolean>;
  /** Forgets the deactivation; false when the user was not deactivated. */
  reactivate(tenantId: string, userId: string): Promise<boolean>;
}
