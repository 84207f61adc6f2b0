import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may be sent (SSRF guard). Outside development: HTTPS only, no credentials in the
 * URL, and every address the host name resolves to must be public; the delivery then connects to
 * the address checked here (api/webhooks/send.ts), so a name that resolves differently a moment
 * later (DNS rebinding) cannot redirect it. Development (CBEC_ENV=development) allows plain HTTP
 * and loopback, for the example receiver on the same machine.
 */
// one list per family: a BlockList checks an IPv4 address against its IPv4-mapped IPv6 rules too
const blocked = { 4: new BlockList(), 6: new BlockList() };
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24],
  ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked[4].addSubnet(net, prefix, 'ipv4');
// IPv4-mapped and -compatible, NAT64 and 6to4 embed an IPv4 address that may be private: refused as a whole
for (const [net, prefix] of [
  ['::', 96], ['::ffff:0:0', 96], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['100::', 64], ['2001::', 32], ['2001:db8::', 32], ['2002::', 16],
  ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) blocked[6].addSubnet(net, prefix, 'ipv6');

export class TargetRefused extends Error {
  constructor(
    readonly code: 'WEBHOOK_URL_INVALID' | 'WEBHOOK_URL_NOT_HTTPS' | 'WEBHOOK_URL_PRIVATE' | 'WEBHOOK_URL_UNRESOLVABLE',
    message: string,
  ) {
    super(message);
  }
}

export interface Target {
  url: URL;
  /** The checked address the connection goes to; the URL's host name stays the Host header and TLS server name. */
  address: string;
  family: 4 | 6;
}

/** Whether an address is one a webhook may reach outside development. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return family === 4 ? !blocked[4].check(address, 'ipv4') : !blocked[6].check(address, 'ipv6');
}

/** The URL's form (no network): parsed, scheme, no credentials, no fragment. */
export function parseTargetUrl(raw: string, opts: { development: boolean }): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefused('WEBHOOK_URL_INVALID', 'not an absolute URL');
  }
  if (url.protocol !== 'https:' && !(opts.development && url.protocol === 'http:')) {
    throw new TargetRefused('WEBHOOK_URL_NOT_HTTPS', opts.development ? 'http or https only' : 'https only');
  }
  if (url.username || url.password) throw new TargetRefused('WEBHOOK_URL_INVALID', 'no user name or password in the URL');
  if (url.hash) throw new TargetRefused('WEBHOOK_URL_INVALID', 'no fragment (#…) in the URL');
  if (url.port === '0') throw new TargetRefused('WEBHOOK_URL_INVALID', 'port 0 cannot be connected to');
  return url;
}

/** Resolves the URL's host and checks every address; the first one is the one to connect to. */
export async function resolveTarget(raw: string, opts: { development: boolean }): Promise<Target> {
  const url = parseTargetUrl(raw, opts);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  try {
    addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true, verbatim: true });
  } catch {
    throw new TargetRefused('WEBHOOK_URL_UNRESOLVABLE', `${host} does not resolve`);
  }
  const first = addresses[0];
  if (!first) throw new TargetRefused('WEBHOOK_URL_UNRESOLVABLE', `${host} does not resolve`);
  if (!opts.development && addresses.some((a) => !isPublicAddress(a.address))) {
    throw new TargetRefused('WEBHOOK_URL_PRIVATE', 'the host resolves to a private, loopback, link-local or reserved address');
  }
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
