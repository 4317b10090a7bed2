import type { BusyStatus, HostChoice } from '@ats-zoom/contract';
import type { MeetingDeps } from '../meetings/meeting-deps';
import type { ConnectionRecord, MeetingRecord } from '../ports';
import type { Actor } from '../shared/actor';
import { NoHostAvailableError } from '../shared/errors';
import { autoHostOrder, pickAutoHost } from './auto-host';
import { checkHostBusy, type HostSlot, loadBusyContext } from './hosts';

/**
 * 自動で選ぶ for a save, with the store as it is now (run it under the tenant's auto-host lock,
 * so two saves never both take the last free host): the meeting's current host stays while it
 * is free at the slot (this interview's own meeting is no conflict), else the first free host in
 * preference order. Nobody free: `NoHostAvailableError` with everyone passed over.
 */
export async function chooseAutoHost(
  deps: MeetingDeps,
  actor: Actor,
  input: {
    slot: HostSlot;
    prefer: readonly string[];
    interviewers: readonly string[];
    current: MeetingRecord | undefined;
  },
): Promise<{ connection: ConnectionRecord; hostChoice: HostChoice }> {
  const [links, deactivated] = await Promise.all([
    deps.store.connections.listForTenant(actor.tenantId, 'zoom'),
    deps.store.userStatuses.listDeactivated(actor.tenantId),
  ]);
  const order = autoHostOrder(links, new Set(deactivated.map((record) => record.userId)), {
    prefer: input.prefer,
    interviewers: input.interviewers,
    scheduler: actor.userId,
  });
  const usable = order.map(({ connection }) => connection).filter((c) => c.status === 'active');
  const context = await loadBusyContext(deps, actor.tenantId, usable, input.slot);
  const checked = new Map<string, Promise<BusyStatus>>();
  const busyOf = (connection: ConnectionRecord) => {
    let check = checked.get(connection.id);
    if (!check) {
      check = checkHostBusy(deps, connection, input.slot, context).then(({ busy }) => busy);
      checked.set(connection.id, check);
    }
    return check;
  };

  const pick = await pickAutoHost(order, busyOf, input.current?.hostProviderUserId);
  if (!pick.connection || !pick.role) throw new NoHostAvailableError(pick.passedOver);
  return {
    connection: pick.connection,
    hostChoice: {
      auto: true,
      prefer: [...input.prefer],
      role: pick.role,
      passedOver: pick.passedOver,
    },
  };
}
