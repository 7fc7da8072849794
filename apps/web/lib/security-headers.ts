/**
 * The Content-Security-Policy for one response, with a fresh nonce (Next.js reads it from the request's CSP header
 * and puts it on its own scripts). Scripts: only ours, by nonce ('strict-dynamic' lets them load their chunks).
 * Styles keep 'unsafe-inline' because React style attributes and Radix positioning write inline styles; a nonce
 * cannot cover attributes. Images may be https so that a remote image an agent chose to load (on click) shows;
 * customer HTML never loads one by itself (see sanitize.ts).
 */
export function contentSecurityPolicy(nonce: string, options: { dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    `connect-src 'self'${options.dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}
