import type {
  AutoHostPick,
  AutoHostRole,
  BusyStatus,
  HostChoice,
  PassedOverHost,
} from '@ats-zoom/contract';
import type { ConnectionRecord } from '../ports';

/** Who 自動で選ぶ tries first: the save's (or the query's) lists, and the ATS user asking. */
export interface AutoHostPeople {
  /** ATS user ids tried before everyone else (`host.prefer`). */
  prefer: readonly string[];
  /** The interview's interviewers, in order. */
  interviewers: readonly string[];
  /** The scheduler (the actor). */
  scheduler: string;
}

export interface AutoHostCandidate {
  connection: ConnectionRecord;
  role: AutoHostRole;
}

/** A host choice the scheduler made: nothing picked automatically, nobody passed over. */
export const chosenHostChoice: HostChoice = {
  auto: false,
  prefer: [],
  role: null,
  passedOver: [],
};

/**
 * Owner names in Japanese order: `localeCompare(…, 'ja')` builds this collator on every call,
 * one made once compares the same.
 */
const byJapaneseName = new Intl.Collator('ja');

/**
 * The tenant's Zoom links in 自動で選ぶ's order: the `prefer` users, the interviewers, the
 * scheduler, then everyone else by owner name. A user without a Zoom link is not in it; the
 * links of deactivated users are left out, as the host list leaves them out.
 */
export function autoHostOrder(
  links: readonly ConnectionRecord[],
  deactivated: ReadonlySet<string>,
  people: AutoHostPeople,
): AutoHostCandidate[] {
  const remaining = new Map(
    links.filter((link) => !deactivated.has(link.userId)).map((link) => [link.userId, link]),
  );
  const ordered: AutoHostCandidate[] = [];
  const take = (userId: string, role: AutoHostRole) => {
    const connection = remaining.get(userId);
    if (!connection) return;
    remaining.delete(userId);
    ordered.push({ connection, role });
  };
  for (const userId of people.prefer) take(userId, 'preferred');
  for (const userId of people.interviewers) take(userId, 'interviewer');
  take(people.scheduler, 'scheduler');
  const others = [...remaining.values()].sort(
    (a, b) => byJapaneseName.compare(a.userName, b.userName) || a.id.localeCompare(b.id),
  );
  for (const connection of others) ordered.push({ connection, role: 'other' });
  return ordered;
}

const partyOf = ({ connection, role }: AutoHostCandidate) => ({
  connectionId: connection.id,
  ownerUserId: connection.userId,
  ownerName: connection.userName,
  role,
});

/** How many hosts' busy checks run ahead at once while looking for the first free one. */
const CHECKS_AHEAD = 4;

/**
 * The first host of `order` whose busy check says `free`; those before it are passed over:
 * `busy`, `unknown` (a source did not answer), or `unavailable` (the link cannot host now).
 * Checks run in order, a few ahead, and stop at the first free host. When rescheduling,
 * `keepZoomUserId` names the meeting's current host (its Zoom user): it stays while it is free,
 * nobody passed over.
 */
export async function pickAutoHost(
  order: readonly AutoHostCandidate[],
  busyOf: (connection: ConnectionRecord) => Promise<BusyStatus>,
  keepZoomUserId?: string,
): Promise<AutoHostPick & { connection: ConnectionRecord | null }> {
  const current = order.find(
    ({ connection }) =>
      connection.status === 'active' && connection.providerUserId === keepZoomUserId,
  );
  if (current && (await busyOf(current.connection)) === 'free') {
    return { ...partyOf(current), passedOver: [], connection: current.connection };
  }
  const usable = order.filter(({ connection }) => connection.status === 'active');
  const checks = new Map<string, Promise<BusyStatus>>();
  const checkAhead = (from: number) => {
    for (const { connection } of usable.slice(from, from + CHECKS_AHEAD)) {
      if (checks.has(connection.id)) continue;
      const check = busyOf(connection);
      // Checks left behind by an early pick must not become unhandled rejections.
      check.catch(() => undefined);
      checks.set(connection.id, check);
    }
  };
  const passedOver: PassedOverHost[] = [];
  let next = 0;
  for (const candidate of order) {
    const { connection } = candidate;
    const party = partyOf(candidate);
    if (connection.status !== 'active') {
      passedOver.push({ ...party, reason: 'unavailable' });
      continue;
    }
    checkAhead(next);
    next += 1;
    const busy = await checks.get(connection.id);
    if (busy === 'free') return { ...party, passedOver, connection };
    passedOver.push({ ...party, reason: busy === 'busy' ? 'busy' : 'unknown' });
  }
  return {
    connectionId: null,
    ownerUserId: null,
    ownerName: null,
    role: null,
    passedOver,
    connection: null,
  };
}
