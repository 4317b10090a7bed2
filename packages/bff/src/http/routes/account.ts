import { setUserStatus } from '../../core/connections/user-status';
import { listVariables, renderVariables } from '../../core/variables/mail-variables';
import { answerHealthz, answerReadyz, type Readiness } from '../health';
import { type JsonRouteTable, mountRoute, type RouteAccess } from '../json-routes';
import type { BffWiring } from '../wiring';

/** `/healthz` (the process answers) and `/readyz` (see `createReadiness`). */
export function mountHealthRoutes(
  table: JsonRouteTable,
  readiness: Readiness,
  access: RouteAccess,
): void {
  mountRoute(table, 'healthz', access, answerHealthz);
  mountRoute(table, 'readyz', access, () => answerReadyz(readiness));
}

/** Mail variables (list, render) and the host's word on its users (deactivate, reactivate). */
export function mountVariableAndUserRoutes(
  table: JsonRouteTable,
  wiring: BffWiring,
  access: RouteAccess,
): void {
  const { core } = wiring;
  mountRoute(table, 'listVariables', access, ({ actor, query }) =>
    listVariables(core, actor, query),
  );
  mountRoute(table, 'renderVariables', access, ({ actor, body }) =>
    renderVariables(core, actor, body),
  );
  mountRoute(table, 'setUserStatus', access, ({ actor, params, body }) =>
    setUserStatus(core, actor, { userId: params.userId, active: body.active }),
  );
}
