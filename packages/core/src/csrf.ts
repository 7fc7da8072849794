/**
 * Cross-origin request protection for cookie-authenticated state changes, after the algorithm of Go's
 * net/http CrossOriginProtection (Go 1.25), which follows the Fetch metadata and Origin headers browsers send:
 *
 * 1. GET, HEAD and OPTIONS change nothing and pass.
 * 2. An Origin on the operator's trusted list passes.
 * 3. With `Sec-Fetch-Site`, only `same-origin` and `none` (typed by the user) pass.
 * 4. With neither header the request is not from a browser (curl, a server), which carries no victim's cookies: pass.
 * 5. Otherwise the Origin's host must be the host the request was sent to.
 *
 * A token is not needed: every browser we support sends one of the two headers on a cross-origin POST, whatever
 * its content type (`text/plain` forms included), and an attacker's page can set neither.
 */
export type CrossOriginVerdict = { ok: true } | { ok: false; reason: string };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

export function crossOriginCheck(input: { method: string; headers: Headers; trustedOrigins?: readonly string[] }): CrossOriginVerdict {
  if (isSafeMethod(input.method)) return { ok: true };
  const origin = input.headers.get('origin');
  if (origin && input.trustedOrigins?.includes(origin)) return { ok: true };
  const site = input.headers.get('sec-fetch-site');
  if (site) {
    return site === 'same-origin' || site === 'none' ? { ok: true } : { ok: false, reason: `Sec-Fetch-Site is ${site}` };
  }
  if (!origin) return { ok: true };
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return { ok: false, reason: `Origin ${origin} is not a URL` };
  }
  const host = input.headers.get('host');
  return originHost === host ? { ok: true } : { ok: false, reason: `Origin ${origin} does not match host ${host ?? '(none)'}` };
}
