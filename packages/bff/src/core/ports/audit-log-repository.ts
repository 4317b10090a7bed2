export interface AuditEntry {
  tenantId: string;
  /** ATS user id, or a system actor such as `zoom-webhook`. */
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  details: Record<string, unknown>;
  at: Date;
}

export interface AuditLogRepository {
  append(entry: AuditEntry): Promise<void>;
  listForTenant(tenantId: string): Promise<(AuditEntry & { id: number })[]>;
}
