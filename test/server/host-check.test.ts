// IP literals pass the Host check on purpose: they cannot be rebound (see the
// reasoning in src/server/host-check.ts). These tests pin down both halves of
// that decision: every address spelling a browser can send passes, whatever
// the listening address; every name, and every numeric spelling that a
// browser would have canonicalised first, needs to be allowed by name.
import { describe, expect, it } from 'vitest';
import { isAllowedHost, requestHostProblem, resolveAllowedHosts } from '../../src/server/host-check.js';

describe('isAllowedHost and IP literals', () => {
  const loopbackOnly = resolveAllowedHosts('127.0.0.1');
  const everywhere = resolveAllowedHosts('0.0.0.0');

  it('lets through every IP literal a browser sends, with or without a port, whatever the server listens on', () => {
    // A LAN address, a container's mapped address, IPv6 and v4-mapped IPv6: the page that sends
    // these is on that very address (no DNS lookup took place), so it is this server's own page.
    for (const host of ['127.0.0.1', '127.0.0.1:8080', '10.1.2.3:8080', '192.168.1.5', '[::1]:8080', '[::1]', '[fe80::1]:80', '[::ffff:127.0.0.1]:8080', '[2001:db8::1]']) {
      expect(isAllowedHost(host, loopbackOnly), host).toBe(true);
      expect(isAllowedHost(host, everywhere), host).toBe(true);
    }
  });

  it('treats numeric spellings that are not canonical addresses as names, and refuses them (browsers canonicalise them first)', () => {
    for (const host of ['2130706433', '0x7f.0.0.1', '0177.0.0.1', '127.1', '127.0.0.1.', '[127.0.0.1]', '::1', '[::1%lo]']) {
      expect(isAllowedHost(`${host}:8080`, loopbackOnly), host).toBe(false);
    }
  });

  it('refuses every name that is not loopback, the listening name or allowed, which is what rebinding needs', () => {
    for (const host of ['evil.example:8080', 'evil.example', '127.0.0.1.nip.io:8080', 'localhost.evil.example', 'box.lan:8080']) {
      expect(isAllowedHost(host, everywhere), host).toBe(false);
      expect(requestHostProblem(host, undefined, everywhere)).toMatch(/--allowed-host NAME/);
    }
    expect(isAllowedHost('box.lan:8080', resolveAllowedHosts('0.0.0.0', ['box.lan']))).toBe(true);
    expect(isAllowedHost('box.lan:8080', resolveAllowedHosts('box.lan'))).toBe(true);
  });

  it('checks an absolute-form target’s authority as well as the Host header', () => {
    expect(requestHostProblem('127.0.0.1:8080', 'evil.example:8080', loopbackOnly)).toMatch(/not allowed/);
    expect(requestHostProblem('127.0.0.1:8080', '10.0.0.1:8080', loopbackOnly)).toBeUndefined();
    expect(requestHostProblem(undefined, undefined, loopbackOnly)).toBe('a Host header is required');
  });
});
