import express, { type Response, Router } from 'express';
import type { ZoomFaults } from './zoom-faults';
import { escapeHtml, renderZoomPage } from './zoom-html';
import type { MeetingRecord, ZoomMeetingsState } from './zoom-meetings-state';
import type { ZoomOAuthState } from './zoom-oauth-state';
import type {
  ZoomFaultScope,
  ZoomMeeting,
  ZoomMeetingUserPatch,
  ZoomSeedMeetingInput,
} from './zoom-types';

/** What the meeting and fault sections of the console act on. */
export interface ZoomMeetingAdmin {
  meetings: ZoomMeetingsState;
  faults: ZoomFaults;
  view(record: MeetingRecord): ZoomMeeting;
  deleteMeetingAsUser(meetingId: number): Promise<number>;
  updateMeetingAsUser(meetingId: number, patch: ZoomMeetingUserPatch): Promise<number>;
  /** As the handle's `seedMeeting`: the host's meeting, no quota used, no webhook. */
  seedMeeting(userId: string, input: ZoomSeedMeetingInput): ZoomMeeting;
}

function notice(query: unknown): string {
  if (typeof query !== 'object' || query === null) return '';
  const { delivered, failed, event, done } = query as Record<string, unknown>;
  if (typeof delivered === 'string') {
    const name = typeof event === 'string' ? event : 'app_deauthorized';
    if (delivered === '0') {
      return `<p role="status">Done; no webhook URL is configured, so no ${escapeHtml(name)} was sent.</p>`;
    }
    return `<p role="status">${escapeHtml(name)} sent; the receiver answered HTTP ${escapeHtml(delivered)}.</p>`;
  }
  if (typeof done === 'string') return `<p role="status">${escapeHtml(done)}</p>`;
  if (typeof failed === 'string') return `<p class="error" role="alert">${escapeHtml(failed)}</p>`;
  return '';
}

/** The admin table's "When": a series names its occurrences, type 3 has no fixed time. */
function whenOf(m: ZoomMeeting): string {
  if (m.type === 3) return 'recurring, no fixed time';
  if (m.occurrences) {
    const starts = m.occurrences.map((o) => o.start_time);
    return `recurring: ${starts.join(', ')}`;
  }
  return m.start_time ?? '';
}

function meetingsSection(admin: ZoomMeetingAdmin, state: ZoomOAuthState): string {
  const rows = admin.meetings.all().map((record) => {
    const m = admin.view(record);
    const host = state.findUser(m.host_id)?.email ?? m.host_id;
    const label = `${m.topic} (${m.id})`;
    return `<tr><td>${escapeHtml(host)}</td><td>${escapeHtml(m.topic)}</td><td>${m.id}</td>
<td>${escapeHtml(whenOf(m))} (${m.duration} min, ${escapeHtml(m.timezone)})</td><td>${m.status}</td>
<td>${escapeHtml(m.settings.alternative_hosts.split(';').filter(Boolean).join(', ') || 'None')}</td>
<td><form method="post" action="/zoom/admin/meetings/update">
<input type="hidden" name="meeting_id" value="${m.id}">
<label>Topic <input name="topic" value="${escapeHtml(m.topic)}" aria-label="Topic of ${escapeHtml(label)}"></label>
<label>Start (UTC) <input name="start_time" value="${escapeHtml(m.start_time ?? '')}" aria-label="Start of ${escapeHtml(label)}"></label>
<label>Minutes <input name="duration" type="number" min="1" value="${m.duration}" aria-label="Duration of ${escapeHtml(label)}"></label>
<label>Passcode <input name="password" value="${escapeHtml(m.password ?? '')}" aria-label="Passcode of ${escapeHtml(label)}"></label>
<button type="submit" aria-label="Save ${escapeHtml(label)} (send meeting.updated)">Save</button></form>
<form method="post" action="/zoom/admin/meetings/delete"><input type="hidden" name="meeting_id" value="${m.id}"><button type="submit" aria-label="Delete ${escapeHtml(label)} (send meeting.deleted)">Delete</button></form></td></tr>`;
  });
  return `<section aria-labelledby="meetings-heading">
<h2 id="meetings-heading">Meetings</h2>
<p>Changes here act as the host in Zoom's web portal and send signed meeting webhooks.</p>
<table><thead><tr><th>Host</th><th>Topic</th><th>ID</th><th>When</th><th>Status</th><th>Alternative hosts</th><th>Action</th></tr></thead><tbody>
${rows.length ? rows.join('\n') : '<tr><td colspan="7">No meetings.</td></tr>'}
</tbody></table>
<form method="post" action="/zoom/admin/meetings/seed"><fieldset><legend>Add a meeting (as the host, no webhook)</legend>
<label>Host <select name="user_id">${state.users
    .map((u) => `<option value="${escapeHtml(u.id)}">${escapeHtml(u.email)}</option>`)
    .join('')}</select></label>
<label>Topic <input name="topic" value="Weekly sync"></label>
<label>Kind <select name="type"><option value="2">One time (type 2)</option><option value="8">Recurring, fixed time (type 8)</option><option value="3">Recurring, no fixed time (type 3)</option></select></label>
<label>Start (UTC; a series' first) <input name="start_time" placeholder="2030-01-20T01:00:00Z"></label>
<label>Minutes <input name="duration" type="number" min="1" value="60"></label>
<label>Repeats <select name="recurrence_type"><option value="1">Daily</option><option value="2">Weekly</option><option value="3">Monthly</option></select></label>
<label>Every <input name="repeat_interval" type="number" min="1" value="1"></label>
<label>Times <input name="end_times" type="number" min="1" max="50" value="5"></label>
<button type="submit">Add</button></fieldset></form>
</section>`;
}

/** Each user's licence, switchable as an account admin would (Basic ↔ Licensed). */
function licencesSection(state: ZoomOAuthState): string {
  const rows = state.users.map((u) => {
    const next = u.type === 1 ? 2 : 1;
    const action = next === 2 ? 'Give a licence' : 'Make Basic';
    return `<tr><td>${escapeHtml(u.email)}</td><td>${escapeHtml(u.accountAlias ?? 'personal')}</td><td>${u.type === 1 ? 'Basic' : 'Licensed'}</td>
<td><form method="post" action="/zoom/admin/users/type"><input type="hidden" name="user_id" value="${escapeHtml(u.id)}"><input type="hidden" name="type" value="${next}"><button type="submit" aria-label="${action}: ${escapeHtml(u.email)}">${action}</button></form></td></tr>`;
  });
  return `<section aria-labelledby="licences-heading">
<h2 id="licences-heading">Licences</h2>
<p>Alternative hosts must be licensed users of the host's account, and the host licensed too.</p>
<table><thead><tr><th>User</th><th>Account</th><th>Licence</th><th>Action</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>
</section>`;
}

function faultsSection(admin: ZoomMeetingAdmin): string {
  const active = admin.faults.describe();
  const scope = `<label>Path <input name="path" value="/zoom/v2/**"></label>
<label>Method <input name="method" placeholder="any"></label>`;
  return `<section aria-labelledby="faults-heading">
<h2 id="faults-heading">Fault injection</h2>
<ul aria-label="Active faults">${active.length ? active.map((f) => `<li>${escapeHtml(f)}</li>`).join('') : '<li>None.</li>'}</ul>
<form method="post" action="/zoom/admin/faults/latency"><fieldset><legend>Latency</legend>
<label>Milliseconds <input name="ms" type="number" min="0" value="100"></label>${scope}
<button type="submit">Set latency</button></fieldset></form>
<form method="post" action="/zoom/admin/faults/rate-limit"><fieldset><legend>Next answers 429</legend>
<label>Count <input name="count" type="number" min="1" value="1"></label>
<label>Retry-After (s) <input name="retry_after" type="number" min="0" value="1"></label>${scope}
<button type="submit">Answer 429</button></fieldset></form>
<form method="post" action="/zoom/admin/faults/server-error"><fieldset><legend>Next answers 5xx</legend>
<label>Count <input name="count" type="number" min="1" value="1"></label>
<label>Status <input name="status" type="number" min="500" max="599" value="503"></label>${scope}
<button type="submit">Answer 5xx</button></fieldset></form>
<form method="post" action="/zoom/admin/faults/drop"><fieldset><legend>Drop answers after commit</legend>
<label>Count <input name="count" type="number" min="1" value="1"></label>${scope}
<button type="submit">Drop</button></fieldset></form>
<form method="post" action="/zoom/admin/faults/reset"><button type="submit">Reset faults</button></form>
</section>`;
}

function adminPage(state: ZoomOAuthState, query: unknown, admin?: ZoomMeetingAdmin): string {
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
</section>
${licencesSection(state)}
${admin ? meetingsSection(admin, state) : ''}
${admin ? faultsSection(admin) : ''}`;
}

function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim() : '';
}

function scopeFrom(body: unknown): ZoomFaultScope {
  const path = field(body, 'path');
  const method = field(body, 'method');
  return { ...(path ? { path } : {}), ...(method ? { method } : {}) };
}

function backWith(res: Response, params: Record<string, string>): void {
  res.redirect(303, `/zoom/admin?${new URLSearchParams(params)}`);
}

/** HTML admin console: the same operations as the handle's methods, for people and e2e. */
export function createZoomAdminRouter(
  state: ZoomOAuthState,
  sendDeauthorization: (userId: string) => Promise<number>,
  admin?: ZoomMeetingAdmin,
): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });

  router.get('/', (req, res) => {
    res.type('html').send(renderZoomPage('Admin', adminPage(state, req.query, admin)));
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

  router.post('/users/type', form, (req, res) => {
    const user = state.findUser(field(req.body, 'user_id'));
    const type = Number(field(req.body, 'type'));
    if (!user || (type !== 1 && type !== 2)) {
      backWith(res, { failed: 'Unknown user or licence type.' });
      return;
    }
    user.type = type;
    backWith(res, { done: `${user.email} is now ${type === 1 ? 'Basic' : 'Licensed'}.` });
  });

  if (!admin) return router;

  const meetingAction =
    (event: string, act: (meetingId: number, body: unknown) => Promise<number>) =>
    async (req: express.Request, res: Response) => {
      try {
        const status = await act(Number(field(req.body, 'meeting_id')), req.body);
        backWith(res, { delivered: String(status), event });
      } catch (error) {
        backWith(res, { failed: error instanceof Error ? error.message : String(error) });
      }
    };
  router.post(
    '/meetings/delete',
    form,
    meetingAction('meeting.deleted', (id) => admin.deleteMeetingAsUser(id)),
  );
  router.post(
    '/meetings/update',
    form,
    meetingAction('meeting.updated', (id, body) => {
      const patch: ZoomMeetingUserPatch = {};
      const topic = field(body, 'topic');
      const startTime = field(body, 'start_time');
      const duration = field(body, 'duration');
      if (topic) patch.topic = topic;
      if (startTime) patch.start_time = startTime;
      if (duration) patch.duration = Number(duration);
      const password = field(body, 'password');
      if (password) patch.password = password;
      return admin.updateMeetingAsUser(id, patch);
    }),
  );

  // Someone else's meeting in the host's calendar: makes the host busy without using the API.
  router.post('/meetings/seed', form, (req, res) => {
    try {
      const kind = field(req.body, 'type');
      const type = kind === '3' ? 3 : kind === '8' ? 8 : 2;
      const recurrenceType = Number(field(req.body, 'recurrence_type') || '1');
      const seeded = admin.seedMeeting(field(req.body, 'user_id'), {
        topic: field(req.body, 'topic') || (type === 2 ? 'Meeting' : 'Recurring meeting'),
        type,
        duration: Number(field(req.body, 'duration') || '60'),
        ...(type === 3 ? {} : { start_time: field(req.body, 'start_time') }),
        ...(type === 8
          ? {
              recurrence: {
                type: recurrenceType === 2 ? 2 : recurrenceType === 3 ? 3 : 1,
                repeat_interval: Number(field(req.body, 'repeat_interval') || '1'),
                end_times: Number(field(req.body, 'end_times') || '1'),
              },
            }
          : {}),
      });
      backWith(res, { done: `Meeting ${seeded.id} added.` });
    } catch (error) {
      backWith(res, { failed: error instanceof Error ? error.message : String(error) });
    }
  });

  const faultAction =
    (apply: (body: unknown) => string) => (req: express.Request, res: Response) => {
      try {
        backWith(res, { done: apply(req.body) });
      } catch (error) {
        backWith(res, { failed: error instanceof Error ? error.message : String(error) });
      }
    };
  const count = (body: unknown) => Number(field(body, 'count') || '1');
  router.post(
    '/faults/latency',
    form,
    faultAction((body) => {
      const ms = Number(field(body, 'ms'));
      admin.faults.injectLatency(ms, scopeFrom(body));
      return `Latency set to ${ms} ms.`;
    }),
  );
  router.post(
    '/faults/rate-limit',
    form,
    faultAction((body) => {
      admin.faults.rateLimitNext(
        count(body),
        Number(field(body, 'retry_after') || '1'),
        scopeFrom(body),
      );
      return `The next ${count(body)} answer(s) will be 429.`;
    }),
  );
  router.post(
    '/faults/server-error',
    form,
    faultAction((body) => {
      const status = Number(field(body, 'status') || '500');
      admin.faults.failNext(count(body), status, scopeFrom(body));
      return `The next ${count(body)} answer(s) will be ${status}.`;
    }),
  );
  router.post(
    '/faults/drop',
    form,
    faultAction((body) => {
      admin.faults.dropNext(count(body), scopeFrom(body));
      return `The next ${count(body)} answer(s) will be dropped after commit.`;
    }),
  );
  router.post(
    '/faults/reset',
    form,
    faultAction(() => {
      admin.faults.reset();
      return 'Faults cleared.';
    }),
  );

  return router;
}
