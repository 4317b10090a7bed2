import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoInterview } from './demo-interviews';
import { createHostBackend } from './host-backend';

let baseUrl: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const app = express();
  app.use(
    createHostBackend({
      bffUrl: 'http://localhost:9',
      hostTokenSecret: 'test-secret-of-at-least-32-bytes-long!!',
      hostTokenIssuer: 'mock-ats-test',
    }),
  );
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});

afterAll(() => close());

const schedule = {
  date: '2030-04-10',
  startTime: '14:00',
  durationMinutes: 60,
  format: 'zoom',
  joinBeforeHost: true,
};

function put(path: string, body: unknown) {
  return fetch(`${baseUrl}${path}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('mock ATS interviews', () => {
  it('when a recruiter lists interviews, then only their tenant’s candidates come back, unscheduled', async () => {
    const response = await fetch(`${baseUrl}/host-api/interviews?user=acme-recruiter`);
    expect(response.status).toBe(200);
    const { interviews } = (await response.json()) as { interviews: DemoInterview[] };
    expect(interviews.map((interview) => interview.candidateName)).toEqual([
      '山本 さくら',
      '中村 大輔',
      '小林 結衣',
      '森 悠人',
      '藤田 樹',
    ]);
    expect(interviews.every((interview) => interview.tenantId === 'acme')).toBe(true);
    expect(interviews.every((interview) => interview.status === 'unscheduled')).toBe(true);
  });

  it('when a coordinator saves a schedule, then the interview reads it back as scheduled', async () => {
    const saved = await put('/host-api/interviews/iv-acme-002/schedule?user=acme-coordinator', {
      ...schedule,
    });
    expect(saved.status).toBe(200);

    const read = await fetch(`${baseUrl}/host-api/interviews/iv-acme-002?user=acme-interviewer`);
    const interview = (await read.json()) as DemoInterview;
    expect(interview.status).toBe('scheduled');
    expect(interview.schedule).toEqual(schedule);
  });

  it('when a recruiter cancels a scheduled interview, then it reads cancelled with its last schedule', async () => {
    await put('/host-api/interviews/iv-acme-003/schedule?user=acme-recruiter', schedule);
    const cancelled = await fetch(
      `${baseUrl}/host-api/interviews/iv-acme-003/cancel?user=acme-recruiter`,
      { method: 'POST' },
    );
    expect(cancelled.status).toBe(200);
    const interview = (await cancelled.json()) as DemoInterview;
    expect(interview.status).toBe('cancelled');
    expect(interview.schedule?.startTime).toBe('14:00');
  });

  it('when an interviewer tries to schedule or cancel, then the backend answers 403 and nothing changes', async () => {
    const saved = await put('/host-api/interviews/iv-acme-001/schedule?user=acme-interviewer', {
      ...schedule,
    });
    expect(saved.status).toBe(403);
    const cancelled = await fetch(
      `${baseUrl}/host-api/interviews/iv-acme-001/cancel?user=acme-interviewer`,
      { method: 'POST' },
    );
    expect(cancelled.status).toBe(403);

    const read = await fetch(`${baseUrl}/host-api/interviews/iv-acme-001?user=acme-recruiter`);
    expect(((await read.json()) as DemoInterview).status).toBe('unscheduled');
  });

  it('when a user opens another tenant’s interview, then it is not found, for reads and writes', async () => {
    const read = await fetch(`${baseUrl}/host-api/interviews/iv-acme-001?user=globex-recruiter`);
    expect(read.status).toBe(404);
    const saved = await put('/host-api/interviews/iv-acme-001/schedule?user=globex-recruiter', {
      ...schedule,
    });
    expect(saved.status).toBe(404);
  });

  it('when the schedule has a duration Zoom would not take or a malformed time, then it is refused with 400; a length taken from Zoom is kept', async () => {
    const badDuration = await put(
      '/host-api/interviews/iv-globex-001/schedule?user=globex-recruiter',
      {
        ...schedule,
        durationMinutes: 10,
      },
    );
    expect(badDuration.status).toBe(400);
    const fromZoom = await put(
      '/host-api/interviews/iv-globex-001/schedule?user=globex-recruiter',
      {
        ...schedule,
        durationMinutes: 50,
      },
    );
    expect(fromZoom.status).toBe(200);
    expect((await fromZoom.json()).schedule).toMatchObject({ durationMinutes: 50 });
    const badTime = await put('/host-api/interviews/iv-globex-001/schedule?user=globex-recruiter', {
      ...schedule,
      startTime: '25:00',
    });
    expect(badTime.status).toBe(400);
  });

  it('when no known demo user is given, then the interview routes answer 401', async () => {
    const response = await fetch(`${baseUrl}/host-api/interviews?user=nobody`);
    expect(response.status).toBe(401);
  });

  it('when two backends run, then each keeps its own interviews', async () => {
    await put('/host-api/interviews/iv-globex-002/schedule?user=globex-recruiter', schedule);
    const other = express();
    other.use(
      createHostBackend({
        bffUrl: 'http://localhost:9',
        hostTokenSecret: 'test-secret-of-at-least-32-bytes-long!!',
        hostTokenIssuer: 'mock-ats-test',
      }),
    );
    const server = await new Promise<ReturnType<typeof other.listen>>((resolve) => {
      const listening = other.listen(0, '127.0.0.1', () => resolve(listening));
    });
    try {
      const port = (server.address() as AddressInfo).port;
      const read = await fetch(
        `http://127.0.0.1:${port}/host-api/interviews/iv-globex-002?user=globex-recruiter`,
      );
      expect(((await read.json()) as DemoInterview).status).toBe('unscheduled');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('mock ATS config', () => {
  it('when the backend runs without emulator pages, then both calendar view links are null', async () => {
    const config = await (await fetch(`${baseUrl}/host-api/config`)).json();
    expect(config).toEqual({
      bffUrl: 'http://localhost:9',
      calendarViewUrl: null,
      outlookCalendarViewUrl: null,
    });
  });

  it('when the demo runs on the emulator, then the config names its Google and Outlook calendar pages', async () => {
    const other = express();
    other.use(
      createHostBackend({
        bffUrl: 'http://localhost:9',
        hostTokenSecret: 'test-secret-of-at-least-32-bytes-long!!',
        hostTokenIssuer: 'mock-ats-test',
        calendarViewUrl: 'http://localhost:4010/google/calendar-view',
        outlookCalendarViewUrl: 'http://localhost:4010/microsoft/calendar-view',
      }),
    );
    const server = await new Promise<ReturnType<typeof other.listen>>((resolve) => {
      const listening = other.listen(0, '127.0.0.1', () => resolve(listening));
    });
    try {
      const port = (server.address() as AddressInfo).port;
      const config = await (await fetch(`http://127.0.0.1:${port}/host-api/config`)).json();
      expect(config).toEqual({
        bffUrl: 'http://localhost:9',
        calendarViewUrl: 'http://localhost:4010/google/calendar-view',
        outlookCalendarViewUrl: 'http://localhost:4010/microsoft/calendar-view',
      });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
