/**
 * The little DER (X.690) this module needs: encoding the fields of a self-signed test certificate
 * and a PKCS#8 SM2 key, and reading the few structures it gets back (PKCS#8 SM2 keys, an SM2
 * SubjectPublicKeyInfo, a DER-encoded SM2 signature). Not a general ASN.1 library.
 */

export class DerError extends Error {
  readonly code = 'SIGNING.DER';
}

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export const tlv = (tag: number, value: Uint8Array): Buffer => Buffer.concat([Buffer.from([tag]), length(value.length), value]);
export const seq = (...items: Uint8Array[]): Buffer => tlv(0x30, Buffer.concat(items));
export const set = (...items: Uint8Array[]): Buffer => tlv(0x31, Buffer.concat(items));
export const nul = (): Buffer => Buffer.from([0x05, 0x00]);
export const bool = (v: boolean): Buffer => tlv(0x01, Buffer.from([v ? 0xff : 0x00]));
export const octets = (v: Uint8Array): Buffer => tlv(0x04, v);
export const bits = (v: Uint8Array): Buffer => tlv(0x03, Buffer.concat([Buffer.from([0]), v]));
export const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s, 'utf8'));
export const printable = (s: string): Buffer => tlv(0x13, Buffer.from(s, 'ascii'));
/** [n] EXPLICIT */
export const explicit = (n: number, inner: Uint8Array): Buffer => tlv(0xa0 | n, inner);

/** A non-negative INTEGER from big-endian bytes (leading zeros dropped, a 0x00 added when the top bit is set). */
export function uint(bytes: Uint8Array): Buffer {
  let b = Buffer.from(bytes);
  while (b.length > 1 && b[0] === 0) b = b.subarray(1);
  if (b.length === 0) b = Buffer.from([0]);
  if ((b[0]! & 0x80) !== 0) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}
export function int(n: number): Buffer {
  const hex = n.toString(16);
  return uint(Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex'));
}

export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  if (parts.length < 2 || parts.some((p) => !Number.isInteger(p) || p < 0)) throw new DerError(`bad OID ${dotted}`);
  const out = [parts[0]! * 40 + parts[1]!];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime until 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5). */
export function time(d: Date): Buffer {
  const iso = d.toISOString(); // 2026-01-02T03:04:05.678Z
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '');
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${digits}Z`));
}

export interface Tlv {
  tag: number;
  /** Contents octets. */
  value: Buffer;
  /** Offset just after this element in the buffer it was read from. */
  end: number;
}

/** Reads one element at `offset` (definite lengths only, as DER requires). */
export function read(buf: Buffer, offset = 0): Tlv {
  const tag = buf[offset];
  let len = buf[offset + 1];
  if (tag === undefined || len === undefined) throw new DerError('truncated DER');
  let start = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new DerError('unsupported DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (buf[start + i] ?? 0);
    start += n;
  }
  const end = start + len;
  if (end > buf.length) throw new DerError('truncated DER');
  return { tag, value: buf.subarray(start, end), end };
}

/** The elements inside a constructed value. */
export function children(value: Buffer): Tlv[] {
  const out: Tlv[] = [];
  for (let at = 0; at < value.length; ) {
    const t = read(value, at);
    out.push(t);
    at = t.end;
  }
  return out;
}

/** INTEGER contents as unsigned big-endian bytes of `size` (left-padded). */
export function uintBytes(t: Tlv, size: number): Buffer {
  if (t.tag !== 0x02) throw new DerError('expected INTEGER');
  let v = t.value;
  while (v.length > size && v[0] === 0) v = v.subarray(1);
  if (v.length > size) throw new DerError('INTEGER too large');
  return Buffer.concat([Buffer.alloc(size - v.length), v]);
}

export const pem = (label: string, der: Uint8Array): string =>
  `-----BEGIN ${label}-----\n${(Buffer.from(der).toString('base64').match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`;

/** The DER inside a PEM block with this label (or bare base64). */
export function unpem(text: string, label: string): Buffer {
  const m = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`).exec(text);
  const body = m ? m[1]! : text;
  if (!/^[\sA-Za-z0-9+/=]+$/.test(body)) throw new DerError(`not a PEM ${label}`);
  return Buffer.from(body.replace(/\s+/g, ''), 'base64');
}
