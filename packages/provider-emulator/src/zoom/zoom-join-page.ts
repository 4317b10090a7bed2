import { Router } from 'express';
import { escapeHtml, renderZoomPage } from './zoom-html';
import type { ZoomMeetingsState } from './zoom-meetings-state';

/**
 * `/zoom/j/{id}`: where join URLs lead. Shows what a participant would meet: a passcode
 * prompt unless the link embeds it, then the waiting room or the wait for the host.
 */
export function createZoomJoinRouter(meetings: ZoomMeetingsState): Router {
  const router = Router();
  router.get('/:meetingId', (req, res) => {
    const raw = req.params.meetingId;
    const record = /^\d{1,16}$/.test(raw) ? meetings.find(Number(raw)) : undefined;
    if (!record) {
      res
        .status(404)
        .type('html')
        .send(
          renderZoomPage(
            'Join',
            '<h1>Invalid meeting ID</h1><p class="error" role="alert">This meeting ID is not valid. Please check and try again.</p>',
          ),
        );
      return;
    }
    const query = (name: string) =>
      typeof req.query[name] === 'string' ? (req.query[name] as string) : '';
    const title = `<h1>${escapeHtml(record.topic)}</h1><p>Meeting ID ${record.id}</p>`;
    if (record.passcode) {
      const fromLink = query('pwd') === record.passcode.encrypted;
      const typed = query('passcode') === record.passcode.password;
      if (!fromLink && !typed) {
        const wrong = query('passcode') ? '<p class="error" role="alert">Wrong passcode.</p>' : '';
        res.type('html').send(
          renderZoomPage(
            'Join',
            `${title}${wrong}<form method="get"><label>Meeting passcode <input name="passcode" autocomplete="off"></label>
<button class="primary" type="submit">Join</button></form>`,
          ),
        );
        return;
      }
    }
    const { settings, status } = record;
    const state =
      status === 'started'
        ? settings.waiting_room
          ? 'Please wait, the meeting host will let you in soon.'
          : 'You are in the meeting.'
        : settings.join_before_host && !settings.waiting_room
          ? 'You are in the meeting. The host has not joined yet.'
          : settings.waiting_room
            ? 'Please wait, the meeting host will let you in soon.'
            : 'Waiting for the host to start this meeting.';
    res.type('html').send(renderZoomPage('Join', `${title}<p role="status">${state}</p>`));
  });
  return router;
}
