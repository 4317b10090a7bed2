import type { ConnectionStatus, Provider } from '@ats-zoom/contract';

/** Who a stored link was taken from or given to (names only within one tenant). */
export interface LinkPartyRecord {
  tenantId: string;
  userId: string;
  userName: string;
}

export interface ConnectionRecord {
  id: string;
  tenantId: string;
  /** The ATS user who owns this link. */
  userId: string;
  userName: string;
  provider: Provider;
  /** The provider's user id (Zoom `user_id`, Google `sub`); one live link each per deployment. */
  providerUserId: string;
  providerAccountId: string | null;
  email: string | null;
  displayName: string | null;
  accountType: 'personal' | 'managed' | null;
  status: ConnectionStatus;
  scopes: string[];
  /**
   * Access + refresh token, encrypted by the TokenCipher (AES-256-GCM, key id inside).
   * Null once the link is moved, revoked or disconnected.
   */
  tokenCiphertext: string | null;
  accessTokenExpiresAt: Date | null;
  movedFrom: LinkPartyRecord | null;
  movedTo: LinkPartyRecord | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ConnectionRepository {
  findById(id: string): Promise<ConnectionRecord | undefined>;
  /** The (at most one) link of an ATS user for a provider, whatever its status. */
  findForUser(
    tenantId: string,
    userId: string,
    provider: Provider,
  ): Promise<ConnectionRecord | undefined>;
  /** The live (active or needs_reauth) link of a provider user, in any tenant. */
  findLiveByProviderUser(
    provider: Provider,
    providerUserId: string,
  ): Promise<ConnectionRecord | undefined>;
  listForTenant(tenantId: string, provider: Provider): Promise<ConnectionRecord[]>;
  insert(record: ConnectionRecord): Promise<void>;
  update(
    id: string,
    patch: Partial<Omit<ConnectionRecord, 'id' | 'tenantId' | 'userId' | 'provider' | 'createdAt'>>,
  ): Promise<void>;
  delete(id: string): Promise<void>;
}
