import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { graph, startMicrosoftWithRecruiter } from '../../test/microsoft-driver';
import { graphResponseValidator, graphValidator } from '../../test/msgraph-openapi';
import type { RunningProviderEmulator } from '../index';

let emulator: RunningProviderEmulator;
let token: string;

const validSchedule = graphResponseValidator('/me/calendar/getSchedule', 'post', ['value']);
const validError = graphValidator('microsoft.graph.ODataErrors.ODataError', ['error']);

function expectValid(validate: ReturnType<typeof graphValidator>, body: unknown) {
  expect(validate(body) ? [] : validate.errors).toEqual([]);
}

beforeEach(async () => {
  ({ emulator, token } = await startMicrosoftWithRecruiter());
  const { interviewer, interviewer2 } = emulator.microsoft.seeded;
  emulator.microsoft.seedEvent(interviewer.mail, {
    subject: '別の面接',
    start: '2025-10-02T10:00:00+09:00',
    end: '2025-10-02T11:00:00+09:00',
  });
  emulator.microsoft.seedEvent(interviewer.mail, {
    subject: '仮押さえ',
    start: '2025-10-02T11:00:00+09:00',
    end: '2025-10-02T11:30:00+09:00',
    showAs: 'tentative',
  });
  emulator.microsoft.seedEvent(interviewer2.mail, {
    subject: '休暇',
    start: '2025-10-02T09:00:00+09:00',
    end: '2025-10-02T10:00:00+09:00',
    showAs: 'oof',
  });
  emulator.microsoft.seedEvent(interviewer2.mail, {
    subject: 'outside the window',
    start: '2025-10-03T09:00:00+09:00',
    end: '2025-10-03T10:00:00+09:00',
  });
});
afterEach(async () => {
  await emulator.close();
});

const WINDOW = {
  startTime: { dateTime: '2025-10-02T09:00:00', timeZone: 'Tokyo Standard Time' },
  endTime: { dateTime: '2025-10-02T12:00:00', timeZone: 'Tokyo Standard Time' },
  availabilityViewInterval: 30,
};
const getSchedule = (body: unknown, headers: Record<string, string> = {}) =>
  graph(emulator, token, 'POST', '/me/calendar/getSchedule', body, headers);

describe('getSchedule', () => {
  it('when colleagues are asked for, then each answers busy/tentative/oof items in the Prefer zone and an availabilityView', async () => {
    const { interviewer, interviewer2 } = emulator.microsoft.seeded;

    const answer = await getSchedule(
      { schedules: [interviewer.mail, interviewer2.mail], ...WINDOW },
      { prefer: 'outlook.timezone="Asia/Tokyo"' },
    );

    expect(answer.status).toBe(200);
    expectValid(validSchedule, answer.body);
    expect(answer.body.value).toEqual([
      expect.objectContaining({
        scheduleId: interviewer.mail,
        availabilityView: '002210',
        scheduleItems: [
          expect.objectContaining({
            status: 'busy',
            subject: '別の面接',
            start: { dateTime: '2025-10-02T10:00:00.0000000', timeZone: 'Asia/Tokyo' },
            end: { dateTime: '2025-10-02T11:00:00.0000000', timeZone: 'Asia/Tokyo' },
          }),
          expect.objectContaining({ status: 'tentative', subject: '仮押さえ' }),
        ],
      }),
      expect.objectContaining({
        scheduleId: interviewer2.mail,
        availabilityView: '330000',
        scheduleItems: [expect.objectContaining({ status: 'oof' })],
      }),
    ]);
    expect(emulator.microsoft.stats().scheduleQueries).toBe(1);
  });

  it('when no Prefer zone is sent, then item times are UTC', async () => {
    const answer = await getSchedule({
      schedules: [emulator.microsoft.seeded.interviewer.mail],
      ...WINDOW,
    });

    expect(answer.body.value[0].scheduleItems[0].start).toEqual({
      dateTime: '2025-10-02T01:00:00.0000000',
      timeZone: 'UTC',
    });
  });

  it('when the body uses PascalCase as the published description does, then the answer is the same', async () => {
    const mail = emulator.microsoft.seeded.interviewer.mail;
    const camel = await getSchedule({ schedules: [mail], ...WINDOW });

    const pascal = await getSchedule({
      Schedules: [mail],
      StartTime: WINDOW.startTime,
      EndTime: WINDOW.endTime,
      AvailabilityViewInterval: 30,
    });

    expect(pascal.status).toBe(200);
    expect(pascal.body.value).toEqual(camel.body.value);
  });

  it('when an address is unknown or in another tenant, then that schedule carries an error and the call still answers 200', async () => {
    const answer = await getSchedule({
      schedules: [
        'nobody@contoso-hr.example',
        emulator.microsoft.seeded.adminConsentUser.mail,
        emulator.microsoft.seeded.interviewer.mail,
      ],
      ...WINDOW,
    });

    expect(answer.status).toBe(200);
    expectValid(validSchedule, answer.body);
    expect(answer.body.value[0]).toMatchObject({
      scheduleId: 'nobody@contoso-hr.example',
      error: { responseCode: 'ErrorInvalidUser', message: expect.any(String) },
    });
    expect(answer.body.value[1]).toMatchObject({
      scheduleId: 'taro.yamada@fabrikam.example',
      error: { responseCode: 'ErrorNoFreeBusyAccess', message: expect.any(String) },
    });
    expect(answer.body.value[2].error).toBeUndefined();
    expect(answer.body.value[2].availabilityView).toBe('002210');
  });

  it('when more than 20 schedules are asked for, then it answers 400 and 20 are fine', async () => {
    const addresses = (n: number) =>
      Array.from({ length: n }, (_, i) => `person${i}@contoso-hr.example`);

    const tooMany = await getSchedule({ schedules: addresses(21), ...WINDOW });
    expect(tooMany.status).toBe(400);
    expectValid(validError, tooMany.body);
    expect(tooMany.body.error.code).toBe('ErrorInvalidParameter');

    const twenty = await getSchedule({ schedules: addresses(20), ...WINDOW });
    expect(twenty.status).toBe(200);
    expect(twenty.body.value).toHaveLength(20);
  });

  it('when the window is 62 days or longer, then it answers 400', async () => {
    const answer = await getSchedule({
      schedules: [emulator.microsoft.seeded.interviewer.mail],
      startTime: { dateTime: '2025-10-01T00:00:00', timeZone: 'UTC' },
      endTime: { dateTime: '2025-12-02T00:00:00', timeZone: 'UTC' },
    });

    expect(answer.status).toBe(400);
    expectValid(validError, answer.body);
    expect(answer.body.error.code).toBe('ErrorInvalidParameter');
    const shorter = await getSchedule({
      schedules: [emulator.microsoft.seeded.interviewer.mail],
      startTime: { dateTime: '2025-10-01T00:00:00', timeZone: 'UTC' },
      endTime: { dateTime: '2025-12-01T23:00:00', timeZone: 'UTC' },
    });
    expect(shorter.status).toBe(200);
  });
});
