import type { Role } from '@ats-zoom/contract';

/** The signed-in ATS user, as vouched for by the host's token. */
export interface Actor {
  tenantId: string;
  userId: string;
  userName: string;
  email: string;
  role: Role;
  /** Grants of the token's `scope` claim beyond the role (e.g. `users:manage`). */
  scopes?: readonly string[];
}
