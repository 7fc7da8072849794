import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { loadConfig } from '@helpdesk/config';

/** Resolves a host name to every address it has; injectable so tests can play a rebinding DNS server. */
export type Resolver = (hostname: string) => Promise<string[]>;

export const systemResolver: Resolver = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

export interface WebhookTargetOptions {
  resolve?: Resolver;
  /** Host names allowed to resolve to private addresses (WEBHOOK_ALLOWED_PRIVATE_HOSTS); defaults to the configured list. */
  allowedPrivateHosts?: readonly string[];
}

/** Why a webhook URL was refused; `message` is written for the admin who typed the URL. */
export class UnsafeWebhookUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeWebhookUrlError';
  }
}

/**
 * ipaddr.js names every special-purpose range (RFC 6890 and successors); only `unicast` is the public internet.
 * IPv4-mapped IPv6 is unwrapped first, and NAT64/6to4/Teredo forms, which can carry a private IPv4 inside, are not `unicast`.
 */
function rangeOf(address: string): string {
  return ipaddr.process(address).range();
}

/** What a named self-hosting host may point at. Never link-local: cloud metadata services (169.254.169.254) live there. */
const ALLOWED_FOR_NAMED_PRIVATE_HOSTS = new Set(['unicast', 'private', 'loopback', 'uniqueLocal', 'carrierGradeNat']);

export interface CheckedTarget {
  url: URL;
  /** The addresses that were checked; a delivery connects to the first of them and to nothing else. */
  addresses: string[];
}

const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, '').toLowerCase();

/**
 * Refuses a URL whose host is, or resolves to, anything but a public address. The WHATWG URL parser has already turned
 * `0x7f000001`, `2130706433` and `017700000001` into `127.0.0.1`, so every spelling of an address is checked as that address.
 */
export async function checkWebhookTarget(raw: string, options: WebhookTargetOptions = {}): Promise<CheckedTarget> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeWebhookUrlError('is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UnsafeWebhookUrlError('must be an http(s) URL');
  if (url.username || url.password) throw new UnsafeWebhookUrlError('must not carry a user name or password');
  const host = bare(url.hostname);
  const allowedPrivate = (options.allowedPrivateHosts ?? loadConfig().WEBHOOK_ALLOWED_PRIVATE_HOSTS).map(bare).includes(host);

  let addresses: string[];
  if (ipaddr.isValid(host)) {
    addresses = [host];
  } else {
    try {
      addresses = await (options.resolve ?? systemResolver)(host);
    } catch (error) {
      throw new UnsafeWebhookUrlError(`${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    if (addresses.length === 0) throw new UnsafeWebhookUrlError(`${host} does not resolve`);
  }
  for (const address of addresses) {
    if (!ipaddr.isValid(address)) throw new UnsafeWebhookUrlError(`${host} resolves to "${address}", which is not an address`);
    const range = rangeOf(address);
    if (range === 'unicast') continue;
    if (allowedPrivate && ALLOWED_FOR_NAMED_PRIVATE_HOSTS.has(range)) continue;
    const hint =
      allowedPrivate || range === 'linkLocal' ? '' : ' (a self-hosted install can allow a named host with WEBHOOK_ALLOWED_PRIVATE_HOSTS)';
    throw new UnsafeWebhookUrlError(
      `${host} is ${address === host ? '' : `resolved to ${address}, `}a ${range} address; webhooks only go to public addresses${hint}`,
    );
  }
  return { url, addresses };
}

export interface WebhookDelivery {
  status: number;
  /** Set for 3xx answers, which are never followed. */
  location?: string;
}

/**
 * POSTs to a webhook after checking its host again (a name may resolve elsewhere now than when it was saved), and
 * connects to exactly the address that was checked, so a second DNS answer can never be used. Redirects are not
 * followed: the signature header must not travel to wherever a 3xx points.
 */
export async function postWebhook(
  raw: string,
  init: { headers: Record<string, string>; body: string; timeoutMs?: number },
  options: WebhookTargetOptions = {},
): Promise<WebhookDelivery> {
  const { url, addresses } = await checkWebhookTarget(raw, options);
  const pinned = addresses[0]!;
  const family = ipaddr.parse(pinned).kind() === 'ipv6' ? 6 : 4;
  const pinnedLookup: LookupFunction = (_hostname, opts, callback) => {
    if (opts.all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: pinned, family }]);
    else callback(null, pinned, family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<WebhookDelivery>((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...init.headers, 'content-length': Buffer.byteLength(init.body).toString() },
        lookup: pinnedLookup,
        signal: AbortSignal.timeout(init.timeoutMs ?? 10_000),
      },
      (res: IncomingMessage) => {
        // The body is of no use to us; drain it so the socket closes.
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ...(res.headers.location ? { location: res.headers.location } : {}) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}
