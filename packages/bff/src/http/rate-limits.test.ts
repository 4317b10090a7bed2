import { describe, expect, it } from 'vitest';
import { clientAddressKey, defaultRateLimits, resolveRateLimits } from './rate-limits';

describe('clientAddressKey', () => {
  it('when the address is IPv4, or IPv4 mapped into IPv6, then the key is the IPv4 address', () => {
    expect(clientAddressKey('203.0.113.7', 56)).toBe('203.0.113.7');
    expect(clientAddressKey('::ffff:203.0.113.7', 56)).toBe('203.0.113.7');
  });

  it('when IPv6 addresses share their first 56 bits, then they share a key, and differ otherwise', () => {
    const key = clientAddressKey('2001:db8:aa:1100::1', 56);
    expect(key).toBe('2001:db8:aa:1100::/56');
    expect(clientAddressKey('2001:DB8:AA:11FF:FFFF:FFFF:FFFF:FFFF', 56)).toBe(key);
    expect(clientAddressKey('2001:db8:aa:1200::1', 56)).not.toBe(key);
    expect(clientAddressKey('2001:db8:aa:1100::1', 64)).toBe('2001:db8:aa:1100::/64');
    expect(clientAddressKey('2001:db8:aa:1100::1', 128)).toBe('2001:db8:aa:1100::1/128');
  });

  it('when the address is missing or not an IP, then it still gets a key of its own', () => {
    expect(clientAddressKey(undefined, 56)).toBe('unknown');
    expect(clientAddressKey('not-an-ip', 56)).toBe('raw:not-an-ip');
  });
});

describe('resolveRateLimits', () => {
  it('when nothing is set, then every default applies', () => {
    expect(resolveRateLimits(undefined)).toEqual(defaultRateLimits);
  });

  it('when one limit is false or changed, then only that one differs; false for all turns every one off', () => {
    const resolved = resolveRateLimits({
      perIp: false,
      writesPerUser: { limit: 5, windowSeconds: 10 },
      maxLiveOAuthAttemptsPerUser: false,
    });
    expect(resolved).toEqual({
      ...defaultRateLimits,
      perIp: false,
      writesPerUser: { limit: 5, windowSeconds: 10 },
      maxLiveOAuthAttemptsPerUser: false,
    });
    expect(Object.values(resolveRateLimits(false)).filter((each) => each !== false)).toEqual([
      defaultRateLimits.ipv6Subnet,
    ]);
  });
});
