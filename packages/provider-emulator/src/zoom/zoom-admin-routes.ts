import express, { Router } from 'express';
import { escapeHtml, renderZoomPage } from './zoom-html';
import type { ZoomOAuthState } from './zoom-oauth-state';

function notice(query: unknown): string {
  if (typeof query !== 'object' || query === null) return '';
  const { delivered, failed } = query as Record<string, unknown>;
  if (typeof delivered === 'string') {
    return `<p role="status">app_deauthorized sent; the receiver answered HTTP ${escapeHtml(delivered)}.</p>`;
  }
  if (typeof failed === 'string') return `<p class="error" role="alert">${escapeHtml(failed)}</p>`;
  return '';
}

function adminPage(state: ZoomOAuthState, query: unknown): string {
  const accounts = state
    .managedAccounts()
    .map(
      (
        a,
      ) => `<tr><td>${escapeHtml(a.alias ?? '')}</td><td><code>${escapeHtml(a.accountId)}</code></td>
<td>${a.approved ? 'Pre-approved' : 'Not approved'}</td>
<td>${
        a.approved
          ? ''
          : `<form method="post" action="/zoom/admin/pre-approve"><input type="hidden" name="account_id" value="${escapeHtml(a.accountId)}"><button type="submit" aria-label="Approve ${escapeHtml(a.alias ?? a.accountId)}">Approve</button></form>`
      }</td></tr>`,
    )
    .join('\n');
  const requests = state.listPreApprovalRequests();
  const requestRows = requests.length
    ? requests
        .map(
          (r) =>
            `<tr><td>${escapeHtml(r.email)}</td><td><code>${escapeHtml(r.accountId)}</code></td><td>${escapeHtml(r.requestedAt)}</td><td>${r.approved ? 'Approved' : 'Pending'}</td></tr>`,
        )
        .join('\n')
    : '<tr><td colspan="4">No requests.</td></tr>';
  const grants = state.liveGrants();
  const grantRows = grants.length
    ? grants
        .map(
          (
            g,
          ) => `<tr><td>${escapeHtml(g.user.email)}</td><td><code>${escapeHtml(g.clientId)}</code></td><td>${escapeHtml(g.createdAt)}</td>
<td><form method="post" action="/zoom/admin/deauthorize"><input type="hidden" name="user_id" value="${escapeHtml(g.user.id)}"><button type="submit" aria-label="Deauthorize ${escapeHtml(g.user.email)} (send app_deauthorized)">Deauthorize (send app_deauthorized)</button></form></td></tr>`,
        )
        .join('\n')
    : '<tr><td colspan="4">No live grants.</td></tr>';
  return `<h1>Zoom admin</h1>
${notice(query)}
<section aria-labelledby="accounts-heading">
<h2 id="accounts-heading">Company accounts</h2>
<table><thead><tr><th>Name</th><th>Account ID</th><th>App</th><th>Action</th></tr></thead><tbody>
${accounts}
</tbody></table>
</section>
<section aria-labelledby="requests-heading">
<h2 id="requests-heading">Pre-approval requests</h2>
<table><thead><tr><th>User</th><th>Account ID</th><th>Requested at</th><th>Status</th></tr></thead><tbody>
${requestRows}
</tbody></table>
</section>
<section aria-labelledby="grants-heading">
<h2 id="grants-heading">Live grants</h2>
<table><thead><tr><th>User</th><th>Client ID</th><th>Granted at</th><th>Action</th></tr></thead><tbody>
${grantRows}
</tbody></table>
</section>`;
}

/** HTML admin console: the same operations as the handle's methods, for people and e2e. */
export function createZoomAdminRouter(
  state: ZoomOAuthState,
  sendDeauthorization: (userId: string) => Promise<number>,
): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });

  router.get('/', (req, res) => {
    res.type('html').send(renderZoomPage('Admin', adminPage(state, req.query)));
  });

  router.post('/pre-approve', form, (req, res) => {
    const accountId = typeof req.body?.account_id === 'string' ? req.body.account_id : '';
    if (!state.resolveManagedAccountId(accountId)) {
      res
        .status(404)
        .type('html')
        .send(
          renderZoomPage(
            'Admin',
            `<h1>Unknown account</h1><p class="error" role="alert">No company account ${escapeHtml(accountId)}.</p>`,
          ),
        );
      return;
    }
    state.preApprove(accountId);
    res.redirect(303, '/zoom/admin');
  });

  router.post('/deauthorize', form, async (req, res) => {
    const userId = typeof req.body?.user_id === 'string' ? req.body.user_id : '';
    try {
      const status = await sendDeauthorization(userId);
      res.redirect(303, `/zoom/admin?delivered=${status}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      res.redirect(303, `/zoom/admin?failed=${encodeURIComponent(message)}`);
    }
  });

  return router;
}
