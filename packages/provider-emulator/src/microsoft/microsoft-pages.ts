import express, { type Request, type Response, Router } from 'express';
import type { MicrosoftFaults } from './microsoft-faults';
import { escapeHtml, renderMicrosoftPage } from './microsoft-html';
import type { MicrosoftOAuthState } from './microsoft-oauth-state';
import type { GraphEvent, MicrosoftFaultScope, MicrosoftUser } from './microsoft-types';

/** The calendar view shows every time in Japan time (the seeded tenants are Japanese). */
export const VIEW_TIME_ZONE = 'Asia/Tokyo';

/** `2025-10-02 10:00` in JST from a UTC wall time `2025-10-02T01:00:00.0000000`. */
function jst(utcWallTime: string): string {
  const ms = Date.parse(`${utcWallTime.slice(0, 19)}Z`);
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: VIEW_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(ms);
}

function bodyText(event: GraphEvent): string {
  const { content, contentType } = event.body;
  return contentType === 'html' ? event.bodyPreview : content;
}

function eventRow(event: GraphEvent): string {
  const attendees = event.attendees
    .map(
      (a) =>
        `<li>${escapeHtml(a.emailAddress.name && a.emailAddress.name !== a.emailAddress.address ? `${a.emailAddress.name} <${a.emailAddress.address}>` : a.emailAddress.address)} (${escapeHtml(a.type)})</li>`,
    )
    .join('');
  return `<tr data-event-id="${escapeHtml(event.id)}">
<td>${escapeHtml(event.subject || '(件名なし / No subject)')}</td>
<td><time datetime="${escapeHtml(`${event.start.dateTime.slice(0, 19)}Z`)}">${escapeHtml(jst(event.start.dateTime))}</time></td>
<td><time datetime="${escapeHtml(`${event.end.dateTime.slice(0, 19)}Z`)}">${escapeHtml(jst(event.end.dateTime))}</time></td>
<td>${escapeHtml(event.location.displayName)}</td>
<td style="white-space: pre-wrap">${escapeHtml(bodyText(event))}</td>
<td>${attendees ? `<ul>${attendees}</ul>` : ''}</td>
<td>${escapeHtml(event.showAs)}${event.isOnlineMeeting ? ' / Teams' : ''}</td>
</tr>`;
}

const HEAD =
  '<tr><th scope="col">件名 / Subject</th><th scope="col">開始 / Start</th><th scope="col">終了 / End</th><th scope="col">場所 / Location</th><th scope="col">本文 / Body</th><th scope="col">出席者 / Attendees</th><th scope="col">予定の状態 / Show as</th></tr>';

function userSection(user: MicrosoftUser, tenantName: string, events: GraphEvent[]): string {
  const headingId = `calendar-${user.id}`;
  return `<section aria-labelledby="${headingId}">
<h2 id="${headingId}">${escapeHtml(user.displayName)} &lt;${escapeHtml(user.mail)}&gt; — ${escapeHtml(tenantName)}</h2>
${events.length ? `<table aria-label="Events of ${escapeHtml(user.mail)}"><thead>${HEAD}</thead><tbody>${events.map(eventRow).join('')}</tbody></table>` : '<p>予定はありません / No events.</p>'}
</section>`;
}

/** `GET /microsoft/calendar-view[?user=email]`: what the BFF wrote to Outlook, for a person. */
export function createOutlookViewRouter(
  oauth: MicrosoftOAuthState,
  eventsOf: (email: string) => GraphEvent[],
): Router {
  const router = Router();
  router.get('/', (req, res) => {
    const only = typeof req.query.user === 'string' ? req.query.user.toLowerCase() : undefined;
    const shown = oauth.users.filter((u) => only === undefined || u.mail.toLowerCase() === only);
    const body = `<h1>Outlook 予定表 / Outlook calendar</h1>
<p>時刻は日本時間 (JST) / Times in Japan time (${VIEW_TIME_ZONE}). <a href="/microsoft/admin">管理 / Admin</a></p>
${shown.map((u) => userSection(u, oauth.tenantOf(u).displayName, eventsOf(u.mail))).join('\n')}`;
    res
      .status(shown.length ? 200 : 404)
      .type('html')
      .send(renderMicrosoftPage('Outlook', body));
  });
  return router;
}

const scopeFields = `<label>パス / Path glob <input name="path" value="/microsoft/graph/v1.0/**"></label>
<label>メソッド / Method (空欄 = すべて / blank = any) <input name="method" size="8"></label>
<label>ユーザー / User mail (空欄 = 全員 / blank = everyone) <input name="user" type="email"></label>`;

/** `/microsoft/admin`: tenant consent and the fault injector for people. */
export function createMicrosoftAdminRouter(
  oauth: MicrosoftOAuthState,
  faults: MicrosoftFaults,
): Router {
  const router = Router();
  router.use(express.urlencoded({ extended: false }));
  router.get('/', (_req, res) => {
    const active = faults.describe();
    const tenants = oauth.tenants
      .map((t) => {
        const consented = oauth.hasAdminConsent(t.key);
        return `<tr data-tenant="${escapeHtml(t.key)}"><td>${escapeHtml(t.displayName)}<br><code>${escapeHtml(t.key)}</code> / <code>${escapeHtml(t.domain)}</code> / <code>${escapeHtml(t.id)}</code></td>
<td>${t.consentPolicy === 'user' ? 'ユーザー同意可 / users may consent' : '管理者の承認が必要 / admin consent required'}</td>
<td>${consented ? '承認済み / granted' : '未承認 / not granted'}</td>
<td><form method="post" action="/microsoft/admin/tenants/${escapeHtml(t.key)}/${consented ? 'revoke' : 'grant'}"><button type="submit">${consented ? '承認を取り消す / Revoke admin consent' : '管理者として承認 / Grant admin consent'}</button></form></td></tr>`;
      })
      .join('\n');
    const body = `<h1>Microsoft エミュレーター管理 / Microsoft emulator console</h1>
<p><a href="/microsoft/calendar-view">Outlook 予定表 / Outlook calendar</a></p>
<section aria-labelledby="tenants-heading">
<h2 id="tenants-heading">テナントと管理者の承認 / Tenants and admin consent</h2>
<table><thead><tr><th scope="col">テナント / Tenant</th><th scope="col">同意ポリシー / Consent policy</th><th scope="col">管理者の承認 / Admin consent</th><th scope="col">操作 / Action</th></tr></thead><tbody>${tenants}</tbody></table>
</section>
<section aria-labelledby="faults-heading">
<h2 id="faults-heading">障害の注入 / Fault injection</h2>
<ul aria-label="Active faults">${active.length ? active.map((f) => `<li>${escapeHtml(f)}</li>`).join('') : '<li>なし / None.</li>'}</ul>
<form method="post" action="/microsoft/admin/faults/rate-limit"><fieldset><legend>次の応答を 429 (Retry-After) に / Next answers 429 with Retry-After</legend>
<label>回数 / Count <input name="count" type="number" min="1" value="1"></label><label>Retry-After (秒 / seconds) <input name="retryAfter" type="number" min="0" value="2"></label>${scopeFields}<button type="submit">注入 / Inject</button></fieldset></form>
<form method="post" action="/microsoft/admin/faults/server-error"><fieldset><legend>次の応答を 5xx に / Next answers 5xx</legend>
<label>回数 / Count <input name="count" type="number" min="1" value="1"></label><label>Status <input name="status" type="number" min="500" max="599" value="503"></label>${scopeFields}<button type="submit">注入 / Inject</button></fieldset></form>
<form method="post" action="/microsoft/admin/faults/drop"><fieldset><legend>処理後に応答を落とす / Drop answers after commit</legend>
<label>回数 / Count <input name="count" type="number" min="1" value="1"></label>${scopeFields}<button type="submit">注入 / Inject</button></fieldset></form>
<form method="post" action="/microsoft/admin/faults/latency"><fieldset><legend>遅延 / Latency</legend>
<label>ミリ秒 / Milliseconds <input name="ms" type="number" min="0" value="500"></label>${scopeFields}<button type="submit">設定 / Set latency</button></fieldset></form>
<form method="post" action="/microsoft/admin/faults/reset"><button type="submit">障害をすべて解除 / Reset faults</button></form>
</section>`;
    res.type('html').send(renderMicrosoftPage('Console', body));
  });

  const field = (req: Request, name: string) => {
    const value = (req.body as Record<string, unknown> | undefined)?.[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const scopeOf = (req: Request): MicrosoftFaultScope => ({
    path: field(req, 'path'),
    method: field(req, 'method'),
    user: field(req, 'user'),
  });
  const count = (req: Request) => Number(field(req, 'count') ?? 1);
  const action = (run: (req: Request) => void) => (req: Request, res: Response) => {
    try {
      run(req);
      res.redirect(303, '/microsoft/admin');
    } catch (error) {
      res
        .status(400)
        .type('html')
        .send(
          renderMicrosoftPage(
            'Console',
            `<p class="error" role="alert">${escapeHtml((error as Error).message)}</p><p><a href="/microsoft/admin">戻る / Back</a></p>`,
          ),
        );
    }
  };
  router.post(
    '/tenants/:tenant/grant',
    action((req) => oauth.grantAdminConsent(String(req.params.tenant))),
  );
  router.post(
    '/tenants/:tenant/revoke',
    action((req) => oauth.revokeAdminConsent(String(req.params.tenant))),
  );
  router.post(
    '/faults/rate-limit',
    action((req) =>
      faults.rateLimitNext(count(req), Number(field(req, 'retryAfter') ?? 2), scopeOf(req)),
    ),
  );
  router.post(
    '/faults/server-error',
    action((req) => faults.failNext(count(req), Number(field(req, 'status') ?? 503), scopeOf(req))),
  );
  router.post(
    '/faults/drop',
    action((req) => faults.dropNext(count(req), scopeOf(req))),
  );
  router.post(
    '/faults/latency',
    action((req) => faults.injectLatency(Number(field(req, 'ms')), scopeOf(req))),
  );
  router.post(
    '/faults/reset',
    action(() => faults.reset()),
  );
  return router;
}
