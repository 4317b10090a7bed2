import express, { type Request, type Response, Router } from 'express';
import { CALENDAR_TIME_ZONE } from './google-calendar-state';
import type { GoogleFaults } from './google-faults';
import { escapeHtml, renderGooglePage } from './google-html';
import type {
  GoogleEvent,
  GoogleEventDateTime,
  GoogleFaultScope,
  GoogleInjectableReason,
  GoogleUser,
} from './google-types';

function when(time: GoogleEventDateTime): string {
  if (time.date) return `${time.date} (all day)`;
  return (time.dateTime ?? '').replace('T', ' ').slice(0, 16);
}

function eventRow(event: GoogleEvent): string {
  const attendees = (event.attendees ?? [])
    .map(
      (a) =>
        `<li>${escapeHtml(a.displayName ? `${a.displayName} <${a.email}>` : a.email)} (${escapeHtml(a.responseStatus)})</li>`,
    )
    .join('');
  return `<tr data-event-id="${escapeHtml(event.id)}">
<td>${escapeHtml(event.summary ?? '(No title)')}</td>
<td><time datetime="${escapeHtml(event.start.dateTime ?? event.start.date ?? '')}">${escapeHtml(when(event.start))}</time></td>
<td><time datetime="${escapeHtml(event.end.dateTime ?? event.end.date ?? '')}">${escapeHtml(when(event.end))}</time></td>
<td>${escapeHtml(event.location ?? '')}</td>
<td style="white-space: pre-wrap">${escapeHtml(event.description ?? '')}</td>
<td>${attendees ? `<ul>${attendees}</ul>` : ''}</td>
<td><code>${escapeHtml(event.id)}</code></td>
</tr>`;
}

const HEAD =
  '<tr><th scope="col">Summary</th><th scope="col">Start</th><th scope="col">End</th><th scope="col">Location</th><th scope="col">Description</th><th scope="col">Attendees</th><th scope="col">Event id</th></tr>';

function userSection(user: GoogleUser, events: GoogleEvent[]): string {
  const live = events.filter((e) => e.status !== 'cancelled');
  const cancelled = events.filter((e) => e.status === 'cancelled');
  const headingId = `calendar-${user.sub}`;
  return `<section aria-labelledby="${headingId}">
<h2 id="${headingId}">${escapeHtml(user.name)} &lt;${escapeHtml(user.email)}&gt;</h2>
${live.length ? `<table aria-label="Events of ${escapeHtml(user.email)}"><thead>${HEAD}</thead><tbody>${live.map(eventRow).join('')}</tbody></table>` : '<p>No events.</p>'}
${cancelled.length ? `<details><summary>Deleted events (${cancelled.length})</summary><table aria-label="Deleted events of ${escapeHtml(user.email)}"><thead>${HEAD}</thead><tbody>${cancelled.map(eventRow).join('')}</tbody></table></details>` : ''}
</section>`;
}

/** `GET /google/calendar-view[?user=email]`: what the BFF wrote, for a person to look at. */
export function createCalendarViewRouter(
  users: GoogleUser[],
  eventsOf: (email: string) => GoogleEvent[],
): Router {
  const router = Router();
  router.get('/', (req, res) => {
    const only = typeof req.query.user === 'string' ? req.query.user.toLowerCase() : undefined;
    const shown = users.filter((u) => only === undefined || u.email === only);
    const body = `<h1>Google Calendar</h1>
<p>Times in ${CALENDAR_TIME_ZONE}. <a href="/google/admin">Fault injection</a></p>
${shown.map((u) => userSection(u, eventsOf(u.email))).join('\n')}`;
    res
      .status(shown.length ? 200 : 404)
      .type('html')
      .send(renderGooglePage('Calendar', body));
  });
  return router;
}

const REASONS: GoogleInjectableReason[] = [
  'rateLimitExceeded',
  'userRateLimitExceeded',
  'quotaExceeded',
  'forbidden',
  'notFound',
  'backendError',
];

const scopeFields = `<label>Path glob <input name="path" value="/google/calendar/v3/**"></label>
<label>Method (blank = any) <input name="method" size="8"></label>`;

/** `/google/admin`: the fault injector for people (the handle offers the same to tests). */
export function createGoogleAdminRouter(faults: GoogleFaults): Router {
  const router = Router();
  router.use(express.urlencoded({ extended: false }));
  router.get('/', (_req, res) => {
    const active = faults.describe();
    const body = `<h1>Google emulator console</h1>
<p><a href="/google/calendar-view">Calendar view</a></p>
<section aria-labelledby="faults-heading">
<h2 id="faults-heading">Fault injection</h2>
<ul aria-label="Active faults">${active.length ? active.map((f) => `<li>${escapeHtml(f)}</li>`).join('') : '<li>None.</li>'}</ul>
<form method="post" action="/google/admin/faults/latency"><fieldset><legend>Latency</legend>
<label>Milliseconds <input name="ms" type="number" min="0" value="500"></label>${scopeFields}<button type="submit">Set latency</button></fieldset></form>
<form method="post" action="/google/admin/faults/rate-limit"><fieldset><legend>Next answers rateLimitExceeded</legend>
<label>Count <input name="count" type="number" min="1" value="1"></label><label>Status <select name="status"><option>403</option><option>429</option></select></label>${scopeFields}<button type="submit">Inject</button></fieldset></form>
<form method="post" action="/google/admin/faults/error"><fieldset><legend>Next answers with an error reason</legend>
<label>Count <input name="count" type="number" min="1" value="1"></label><label>Reason <select name="reason">${REASONS.map((r) => `<option>${r}</option>`).join('')}</select></label>${scopeFields}<button type="submit">Inject</button></fieldset></form>
<form method="post" action="/google/admin/faults/server-error"><fieldset><legend>Next answers 5xx</legend>
<label>Count <input name="count" type="number" min="1" value="1"></label><label>Status <input name="status" type="number" min="500" max="599" value="503"></label>${scopeFields}<button type="submit">Inject</button></fieldset></form>
<form method="post" action="/google/admin/faults/drop"><fieldset><legend>Drop answers after commit</legend>
<label>Count <input name="count" type="number" min="1" value="1"></label>${scopeFields}<button type="submit">Inject</button></fieldset></form>
<form method="post" action="/google/admin/faults/reset"><button type="submit">Reset faults</button></form>
</section>`;
    res.type('html').send(renderGooglePage('Console', body));
  });

  const field = (req: Request, name: string) => {
    const value = (req.body as Record<string, unknown> | undefined)?.[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const scopeOf = (req: Request): GoogleFaultScope => ({
    path: field(req, 'path'),
    method: field(req, 'method'),
  });
  const count = (req: Request) => Number(field(req, 'count') ?? 1);
  const action = (run: (req: Request) => void) => (req: Request, res: Response) => {
    try {
      run(req);
      res.redirect(303, '/google/admin');
    } catch (error) {
      res
        .status(400)
        .type('html')
        .send(
          renderGooglePage(
            'Console',
            `<p class="error" role="alert">${escapeHtml((error as Error).message)}</p><p><a href="/google/admin">Back</a></p>`,
          ),
        );
    }
  };
  router.post(
    '/faults/latency',
    action((req) => faults.injectLatency(Number(field(req, 'ms')), scopeOf(req))),
  );
  router.post(
    '/faults/rate-limit',
    action((req) =>
      faults.rateLimitNext(count(req), field(req, 'status') === '429' ? 429 : 403, scopeOf(req)),
    ),
  );
  router.post(
    '/faults/error',
    action((req) => {
      const reason = field(req, 'reason') as GoogleInjectableReason;
      if (!REASONS.includes(reason)) throw new Error(`Unknown reason ${reason}`);
      faults.errorNext(count(req), reason, scopeOf(req));
    }),
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
    '/faults/reset',
    action(() => faults.reset()),
  );
  return router;
}
