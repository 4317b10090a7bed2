import type { Router } from 'express';
import { setUserStatus } from '../../core/connections/user-status';
import type { Store } from '../../core/ports';
import { ServiceNotReadyError } from '../../core/shared/errors';
import { listVariables, renderVariables } from '../../core/variables/mail-variables';
import { mountRoute, type RouteAccess } from '../json-routes';
import type { BffWiring } from '../wiring';

/** `/healthz` and `/readyz` (the store answers). */
export function mountHealthRoutes(router: Router, store: Store, access: RouteAccess): void {
  mountRoute(router, 'healthz', access, async () => ({ status: 'ok' as const }));
  mountRoute(router, 'readyz', access, async () => {
    try {
      await store.ping();
    } catch {
      throw new ServiceNotReadyError();
    }
    return { status: 'ok' as const };
  });
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
