import type {
  ConnectionRecord,
  LinkPartyRecord,
  OAuthAttemptRecord,
  ProviderTokenSet,
} from '../ports';
import type { CoreDeps } from '../shared/deps';
import { randomId } from '../shared/secrets';
import { type GrantTokens, openTokens, sealTokens } from '../shared/token-vault';
import type { LinkedAccount } from './connect-ports';

export interface LinkResult {
  connection: ConnectionRecord;
  /** The user's previous grant for a different provider account, to revoke after commit. */
  replacedGrant: GrantTokens | null;
}

type LinkOwner = Pick<OAuthAttemptRecord, 'tenantId' | 'userId' | 'userName'>;

/**
 * One provider account is live for one ATS account across the deployment (design 1.1), so a
 * previous holder's link moves here, in one transaction, with an audit entry on both sides.
 * Zoom has just killed every older grant of its user; Google has not, but revoking the old
 * holder's token would end the new grant too (Google revokes per user and client), so the
 * old holder's tokens are only dropped.
 *
 * The write holds the connection lock of every link it replaces, the lock token refreshes take:
 * a refresh in flight with the old grant is refused by the provider and marks its link
 * `needs_reauth`, and that mark must land before this write, never over it.
 */
export async function linkProviderAccount(
  deps: CoreDeps,
  owner: LinkOwner,
  account: LinkedAccount,
  tokens: ProviderTokenSet,
): Promise<LinkResult> {
  let locked = await linksReplacedBy(deps.store, owner, account);
  // The links in play can change while we wait for their locks (another connect): lock again.
  for (let round = 1; ; round += 1) {
    const outcome = await withConnectionLocks(deps.store, locked, () =>
      writeLink(deps, owner, account, tokens, locked),
    );
    if (outcome.kind === 'linked') return outcome.result;
    if (round === 3) throw new Error(`The ${account.provider} links kept changing while replaced.`);
    locked = outcome.involved;
  }
}

/** Ids of the existing links a new link of this account for this owner would change. */
async function linksReplacedBy(
  store: CoreDeps['store'],
  owner: LinkOwner,
  account: LinkedAccount,
): Promise<string[]> {
  const [holder, mine] = await Promise.all([
    store.connections.findLiveByProviderUser(account.provider, account.providerUserId),
    store.connections.findForUser(owner.tenantId, owner.userId, account.provider),
  ]);
  return [...new Set([holder?.id, mine?.id].filter((id): id is string => id !== undefined))].sort();
}

/** Holds the connection locks of `ids` (sorted, so two writers never wait on each other). */
function withConnectionLocks<T>(
  store: CoreDeps['store'],
  ids: readonly string[],
  work: () => Promise<T>,
): Promise<T> {
  const [first, ...rest] = ids;
  if (first === undefined) return work();
  return store.withConnectionLock(first, () => withConnectionLocks(store, rest, work));
}

type LinkWrite =
  | { kind: 'linked'; result: LinkResult }
  /** A link outside `locked` is involved now: retry holding these. */
  | { kind: 'relock'; involved: string[] };

async function writeLink(
  deps: CoreDeps,
  owner: LinkOwner,
  account: LinkedAccount,
  tokens: ProviderTokenSet,
  locked: readonly string[],
): Promise<LinkWrite> {
  const me: LinkPartyRecord = {
    tenantId: owner.tenantId,
    userId: owner.userId,
    userName: owner.userName,
  };
  const { provider, providerUserId } = account;
  const now = deps.clock.now();
  const grant: GrantTokens = { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken };

  return deps.store.transaction(async (tx): Promise<LinkWrite> => {
    const holder = await tx.connections.findLiveByProviderUser(provider, providerUserId);
    const mine = await tx.connections.findForUser(owner.tenantId, owner.userId, provider);
    const involved = [holder?.id, mine?.id].filter((id): id is string => id !== undefined);
    if (involved.some((id) => !locked.includes(id))) {
      return { kind: 'relock', involved: [...new Set([...locked, ...involved])].sort() };
    }

    let movedFrom: LinkPartyRecord | null = null;
    if (holder && holder.id !== mine?.id) {
      movedFrom = { tenantId: holder.tenantId, userId: holder.userId, userName: holder.userName };
      await tx.connections.update(holder.id, {
        status: 'moved',
        tokenCiphertext: null,
        accessTokenExpiresAt: null,
        movedTo: me,
        updatedAt: now,
      });
      await tx.audit.append({
        tenantId: holder.tenantId,
        actor: owner.tenantId === holder.tenantId ? owner.userId : 'another-tenant',
        action: 'connection.moved_out',
        subjectType: 'connection',
        subjectId: holder.id,
        details: {
          provider,
          providerUserId,
          to: owner.tenantId === holder.tenantId ? { userId: owner.userId } : 'other_tenant',
        },
        at: now,
      });
    }

    let replacedGrant: GrantTokens | null = null;
    if (
      mine?.tokenCiphertext &&
      (mine.status === 'active' || mine.status === 'needs_reauth') &&
      mine.providerUserId !== providerUserId
    ) {
      replacedGrant = openTokens(deps.cipher, { ...mine, tokenCiphertext: mine.tokenCiphertext });
    }

    const sameAccountAgain = mine?.providerUserId === providerUserId && !movedFrom;
    const fields = {
      userName: owner.userName,
      providerUserId,
      providerAccountId: account.providerAccountId,
      email: account.email,
      displayName: account.displayName,
      accountType: account.accountType,
      status: 'active' as const,
      scopes: tokens.scopes,
      accessTokenExpiresAt: tokens.accessTokenExpiresAt,
      movedFrom: sameAccountAgain ? (mine?.movedFrom ?? null) : movedFrom,
      movedTo: null,
      updatedAt: now,
    };

    let connection: ConnectionRecord;
    if (mine) {
      connection = { ...mine, ...fields, tokenCiphertext: sealTokens(deps.cipher, mine, grant) };
      await tx.connections.update(mine.id, {
        ...fields,
        tokenCiphertext: connection.tokenCiphertext,
      });
    } else {
      const identity = { id: randomId(), tenantId: owner.tenantId, userId: owner.userId, provider };
      connection = {
        ...identity,
        ...fields,
        tokenCiphertext: sealTokens(deps.cipher, identity, grant),
        createdAt: now,
      };
      await tx.connections.insert(connection);
    }

    await tx.audit.append({
      tenantId: owner.tenantId,
      actor: owner.userId,
      action: movedFrom ? 'connection.moved_in' : 'connection.connected',
      subjectType: 'connection',
      subjectId: connection.id,
      details: {
        provider,
        providerUserId,
        ...(movedFrom
          ? {
              from:
                movedFrom.tenantId === owner.tenantId
                  ? { userId: movedFrom.userId }
                  : 'other_tenant',
            }
          : {}),
      },
      at: now,
    });
    // Connected: a wait for the Zoom admin's pre-approval is over.
    if (provider === 'zoom') await tx.approvalWaits.remove(owner.tenantId, owner.userId);
    return { kind: 'linked', result: { connection, replacedGrant } };
  });
}
