import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyZoomWebhookSignature, zoomUrlValidationAnswer } from './zoom-webhook';

const secretToken = 'unit-secret';
const now = new Date('2030-01-01T00:00:00Z');
const ts = String(now.getTime() / 1000);

function sign(body: string, timestamp = ts, secret = secretToken) {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

function verify(body: string, signature: string | undefined, timestamp: string | undefined = ts) {
  return verifyZoomWebhookSignature({
    secretToken,
    rawBody: Buffer.from(body),
    signature,
    timestamp,
    now,
  });
}

describe('verifyZoomWebhookSignature', () => {
  it('when the body has odd whitespace and \\u escapes, then the signature over the raw bytes verifies', () => {
    const body = '{ "event" :"app_deauthorized",\n "x":"\\u00e9" }';
    expect(verify(body, sign(body))).toBe(true);
  });

  it('when one byte of the body changes, then it fails', () => {
    const body = '{"event":"a"}';
    expect(verify('{"event":"b"}', sign(body))).toBe(false);
  });

  it('when the signature is shorter, longer, missing or not v0, then it fails without throwing', () => {
    const body = '{}';
    const good = sign(body);
    expect(verify(body, good.slice(0, -1))).toBe(false);
    expect(verify(body, `${good}0`)).toBe(false);
    expect(verify(body, undefined)).toBe(false);
    expect(verify(body, good.replace('v0=', 'v1='))).toBe(false);
  });

  it('when the timestamp is 301 s off or not a number, then it fails; at 300 s it passes', () => {
    const body = '{}';
    const at = (offset: number) => String(now.getTime() / 1000 + offset);
    expect(verify(body, sign(body, at(-301)), at(-301))).toBe(false);
    expect(verify(body, sign(body, at(301)), at(301))).toBe(false);
    expect(verify(body, sign(body, at(300)), at(300))).toBe(true);
    expect(verify(body, sign(body, 'abc'), 'abc')).toBe(false);
  });

  it('when the url validation is answered, then encryptedToken is hex HMAC-SHA256 of the plain token', () => {
    // Vector computed independently: HMAC-SHA256(key "unit-secret", "plain").
    const expected = createHmac('sha256', 'unit-secret').update('plain').digest('hex');
    expect(zoomUrlValidationAnswer('unit-secret', 'plain')).toEqual({
      plainToken: 'plain',
      encryptedToken: expected,
    });
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });
});
