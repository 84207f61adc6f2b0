import { createHmac } from 'node:crypto';
import { FieldCipher } from '../codec/field-cipher.js';
import type { ShipmentCreate } from '../domain/shipment.schema.js';
import { hashBuyerId } from './quota.js';

/**
 * Buyers' personal data at rest (issue 14, finding 10). A 1210 order names a person three times
 * (buyer, consignee, payer); those fields are stored in `Shipment.request` sealed with the payload
 * keys (codec/field-cipher.ts), never in clear. What the risk rules must match on (buyer ID,
 * phone, address) is stored beside it as keyed hashes (HMAC-SHA-256 under BUYER_ID_HASH_KEY, the
 * key the annual quota already uses), so SQL compares hashes and never needs the clear values.
 * 9610/9710/9810 orders name businesses (platform, carrier, a 9710 buyer company), not persons.
 */

/** The personal fields of a 1210 order, as paths into the request. */
export const PERSONAL_FIELDS: readonly (readonly string[])[] = [
  ['buyer', 'name'],
  ['buyer', 'idNumber'],
  ['buyer', 'telephone'],
  ['buyer', 'registerNo'],
  ['consignee', 'name'],
  ['consignee', 'telephone'],
  ['consignee', 'address'],
  ['payment', 'payer', 'name'],
  ['payment', 'payer', 'idNumber'],
];

/** A request as stored: a 1210's personal fields sealed (or null once purged), the rest in clear. */
export type StoredRequest = Record<string, unknown>;

/** The lookup columns of a shipment (null for modes without a buyer who is a person). */
export interface BuyerLookup {
  buyerIdHash: string;
  buyerPhoneHash: string;
  buyerAddressHash: string;
}

/** What the split-order and one-address rules compare, and whether the payer is the buyer; only for 1210. */
export function buyerLookup(body: ShipmentCreate, key: string): (BuyerLookup & { payerIsBuyer: boolean }) | undefined {
  if (body.mode !== '1210') return undefined;
  const buyerIdHash = hashBuyerId(body.buyer.idNumber, { key });
  return {
    buyerIdHash,
    buyerPhoneHash: keyedHash(key, normalisePhone(body.consignee.telephone)),
    buyerAddressHash: keyedHash(key, normaliseAddress(body.consignee.address)),
    payerIsBuyer: hashBuyerId(body.payment.payer.idNumber, { key }) === buyerIdHash,
  };
}

/** Digits only: `+86 138-0000-0000` and `8613800000000` are one phone. */
export function normalisePhone(phone: string): string {
  return phone.replace(/\D/g, '');
}

/** Compatibility form (full-width to half-width), no white space, lower case: the same address however it was typed. */
export function normaliseAddress(address: string): string {
  return address.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

function keyedHash(key: string, text: string): string {
  return createHmac('sha256', key).update(text, 'utf8').digest('hex');
}

/** The request to store: a 1210's personal fields sealed; other modes unchanged. */
export function sealRequest(cipher: FieldCipher, body: ShipmentCreate | StoredRequest): StoredRequest {
  if (body.mode !== '1210') return body as StoredRequest;
  return mapPersonal(body as StoredRequest, (v) => (typeof v === 'string' && !FieldCipher.isSealed(v) ? cipher.seal(v) : v));
}

/** The request as the enterprise sent it (personal fields opened); purged fields stay null. */
export function openRequest(cipher: FieldCipher, stored: unknown): ShipmentCreate {
  const s = stored as StoredRequest;
  if (s?.mode !== '1210') return s as unknown as ShipmentCreate;
  return mapPersonal(s, (v) => (typeof v === 'string' ? cipher.open(v) : v)) as unknown as ShipmentCreate;
}

/** The request with every personal field removed (null): what the retention purge keeps. */
export function redactRequest(stored: StoredRequest): StoredRequest {
  if (stored.mode !== '1210') return stored;
  return mapPersonal(stored, (v) => (v === undefined ? v : null));
}

/** Whether any personal field of a stored 1210 request is still in clear (written before encryption). */
export function hasClearPersonalData(stored: StoredRequest): boolean {
  if (stored.mode !== '1210') return false;
  let clear = false;
  mapPersonal(stored, (v) => {
    if (typeof v === 'string' && !FieldCipher.isSealed(v)) clear = true;
    return v;
  });
  return clear;
}

/** A copy of the request with `f` applied to each personal field present. */
function mapPersonal(request: StoredRequest, f: (v: unknown) => unknown): StoredRequest {
  const copy = structuredClone(request);
  for (const path of PERSONAL_FIELDS) {
    let node: unknown = copy;
    for (const step of path.slice(0, -1)) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[step] : undefined;
    const last = path[path.length - 1]!;
    if (node && typeof node === 'object' && Object.hasOwn(node, last)) {
      const obj = node as Record<string, unknown>;
      obj[last] = f(obj[last]);
    }
  }
  return copy;
}
