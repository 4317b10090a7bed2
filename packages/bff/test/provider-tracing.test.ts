import { ZOOM_ROUTE_GROUPS } from '@ats-zoom/provider-emulator';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, linkZoomAccount, startHarness, tenantAUser } from './harness';
import {
  closeHarnessAfterEach,
  fastMeetingTuning,
  meetingBody,
  meetingRequests,
} from './meeting-world';

const haruka = tenantAUser('Haruka', 'coordinator');

let h: Harness | undefined;
closeHarnessAfterEach(() => h);
const harness = () => {
  if (!h) throw new Error('no harness');
  return h;
};
const meetings = meetingRequests(harness, haruka);

let exporter: InMemorySpanExporter;
beforeEach(() => {
  exporter = new InMemorySpanExporter();
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
  );
});
afterEach(() => {
  trace.disable();
});

describe('OpenTelemetry spans around provider calls', () => {
  it('when the host app registered a tracer provider, a meeting save produces a client span `zoom meetings.create` with provider, operation, outcome and Zoom’s tracking id, and no token in any attribute', async () => {
    h = await startHarness({ meetings: fastMeetingTuning });
    const host = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);
    expect((await meetings.put('iv-span', meetingBody(host))).status).toBe(200);

    const spans = exporter.getFinishedSpans();
    const create = spans.filter((span) => span.name === 'zoom meetings.create');
    expect(create).toHaveLength(1);
    const [span] = create;
    expect(span?.kind).toBe(SpanKind.CLIENT);
    expect(span?.attributes).toMatchObject({
      'ats_zoom.provider': 'zoom',
      'ats_zoom.operation': 'meetings.create',
      'ats_zoom.outcome': 'ok',
    });
    expect(h.wire.zoomTrackingIds).toContain(span?.attributes['ats_zoom.provider_request_id']);
    expect(span?.status.code).not.toBe(SpanStatusCode.ERROR);
    // The link's code exchange was a span too.
    expect(spans.map((each) => each.name)).toContain('zoom oauth.exchange_code');

    const everything = JSON.stringify(spans.map((each) => [each.name, each.attributes]));
    for (const secret of h.wire.secrets) expect(everything).not.toContain(secret);
  });

  it('a rate-limited call ends its span with an error status and outcome rate_limited', async () => {
    h = await startHarness({ meetings: fastMeetingTuning });
    const host = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);
    h.emulator.zoom.rateLimitNext(1, 3600, ZOOM_ROUTE_GROUPS.createMeeting);
    expect((await meetings.put('iv-span-429', meetingBody(host))).status).toBe(429);

    const [span] = exporter
      .getFinishedSpans()
      .filter((each) => each.name === 'zoom meetings.create');
    expect(span?.attributes['ats_zoom.outcome']).toBe('rate_limited');
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'provider_rate_limited' });
  });

  it('without a registered tracer provider the same calls work and record nothing', async () => {
    trace.disable();
    h = await startHarness({ meetings: fastMeetingTuning });
    const host = await linkZoomAccount(h, haruka, h.emulator.zoom.seeded.personal);
    expect((await meetings.put('iv-no-span', meetingBody(host))).status).toBe(200);
    expect(exporter.getFinishedSpans()).toHaveLength(0);
  });
});
