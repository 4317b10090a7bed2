import type { Router } from 'express';
import { setUserStatus } from '../../core/connections/user-status';
import { listVariables, renderVariables } from '../../core/variables/mail-variables';
import { answerHealthz, answerReadyz, type Readiness } from '../health';
import { mountRoute, type RouteAccess } from '../json-routes';
import type { BffWiring } from '../wiring';

/** `/healthz` (the process answers) and `/readyz` (see `createReadiness`). */
export function mountHealthRoutes(router: Router, readiness: Readiness, access: RouteAccess): void {
  mountRoute(router, 'healthz', access, answerHealthz);
  mountRoute(router, 'readyz', access, () => answerReadyz(readiness));
}

/** Mail variables (list, render) and the host's word on its users (deactivate, reactivate). */
export function mountVariableAndUserRoutes(
  router: Router,
  wiring: BffWiring,
  access: RouteAccess,
): void {
  const { core } = wiring;
  mountRoute(router, 'listVariables', access, ({ actor, query }) =>
    listVariables(core, actor, query),
  );
  mountRoute(router, 'renderVariables', access, ({ actor, body }) =>
    renderVariables(core, actor, body),
  );
  mountRoute(router, 'setUserStatus', access, ({ actor, params, body }) =>
    setUserStatus(core, actor, { userId: params.userId, active: body.active }),
  );
}
