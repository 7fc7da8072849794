import { describe, expect, it } from 'vitest';
import { crossOriginCheck } from '../src/csrf';

const check = (method: string, headers: Record<string, string>, trustedOrigins?: string[]) =>
  crossOriginCheck({ method, headers: new Headers({ host: 'help.example.com', ...headers }), trustedOrigins });

describe('cross-origin protection', () => {
  it('refuses a text/plain POST from another site, as a browser sends it', () => {
    expect(check('POST', { origin: 'https://evil.test', 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' })).toEqual({
      ok: false,
      reason: 'Sec-Fetch-Site is cross-site',
    });
    // Another port on the same host is the same site but not the same origin: cookies go along, so it must be refused.
    expect(check('POST', { origin: 'https://help.example.com:8443', 'sec-fetch-site': 'same-site' }).ok).toBe(false);
  });

  it('falls back to comparing Origin with Host when the browser sends no Fetch metadata', () => {
    expect(check('POST', { origin: 'https://evil.test' })).toMatchObject({
      ok: false,
      reason: 'Origin https://evil.test does not match host help.example.com',
    });
    expect(check('DELETE', { origin: 'null' }).ok).toBe(false);
    expect(check('PATCH', { origin: 'https://help.example.com' })).toEqual({ ok: true });
  });

  it('lets same-origin requests, user-typed navigations, safe methods and non-browser clients through', () => {
    expect(check('POST', { origin: 'https://help.example.com', 'sec-fetch-site': 'same-origin' })).toEqual({ ok: true });
    expect(check('POST', { 'sec-fetch-site': 'none' })).toEqual({ ok: true });
    expect(check('GET', { origin: 'https://evil.test', 'sec-fetch-site': 'cross-site' })).toEqual({ ok: true });
    expect(check('POST', {})).toEqual({ ok: true });
  });

  it('lets an origin the operator trusts through even cross-site', () => {
    expect(check('POST', { origin: 'https://admin.example.com', 'sec-fetch-site': 'same-site' }, ['https://admin.example.com'])).toEqual({
      ok: true,
    });
  });
});
