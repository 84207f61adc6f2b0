/**
 * Builds a preset deflate dictionary for sealed payloads (codec/dictionary.ts) from the golden
 * histories of test/replay/histories (recorded with the public development key): every distinct
 * serialized payload they hold, except any that names a personal field, the retail mode's last
 * (deflate reaches the end of a dictionary with the shortest distances), up to `--bytes`.
 * Prints the dictionary as base64 and what it does to one history's payloads, e.g.
 *
 *   npx tsx scripts/build-payload-dictionary.ts --bytes 16384 --measure 9610-happy-path.json
 *
 * A dictionary is never edited once payloads are sealed with it: a new one is a new version.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { keyIdOf } from '../codec/aes-gcm-codec.js';
import { open } from '../codec/aes-gcm.js';
import { DICTIONARIES } from '../codec/dictionary.js';
import { DEV_PAYLOAD_KEYS, parsePayloadKeys } from '../codec/keys.js';

const DIR = new URL('../test/replay/histories/', import.meta.url);
const PERSONAL = /"(buyer\w*|consignee\w*|idNumber|idType|phone|telephone|mobile|email|address|payer\w*)"/i;
const keys = parsePayloadKeys(DEV_PAYLOAD_KEYS);

type Json = { [k: string]: Json } | Json[] | string | number | boolean | null;

/** The serialized (inflated) payloads of one history file, in event order. */
function payloadsOf(file: string): Buffer[] {
  const out: Buffer[] = [];
  const walk = (o: Json) => {
    if (!o || typeof o !== 'object') return;
    if (!Array.isArray(o) && o.metadata && typeof o.metadata === 'object' && !Array.isArray(o.metadata) && typeof o.metadata.encoding === 'string') {
      const metadata = Object.fromEntries(Object.entries(o.metadata).map(([k, v]) => [k, Buffer.from(String(v), 'base64')]));
      if (metadata.encoding!.toString() !== 'binary/encrypted') return;
      const { keyId, sealed } = keyIdOf({ metadata, data: Buffer.from(String(o.data ?? ''), 'base64') });
      const plain = open(keys, keyId, sealed);
      const dictionary = DICTIONARIES.get(plain[0]!);
      out.push(dictionary ? inflateRawSync(plain.subarray(1), { dictionary }) : plain);
      return;
    }
    for (const v of Object.values(o)) walk(v);
  };
  walk((JSON.parse(readFileSync(new URL(file, DIR), 'utf8')) as { history: { events: Json } }).history.events);
  return out;
}

const { values } = parseArgs({ options: { bytes: { type: 'string', default: '16384' }, measure: { type: 'string' } } });
const cap = Number(values.bytes);
// the retail mode last: it is most of the volume, and the end of the dictionary is what deflate reaches best
const weight = (f: string) => ['h2018-', '9810-', '1210-', '9710-', '9610-'].findIndex((prefix) => f.startsWith(prefix));
const files = readdirSync(DIR).filter((f) => f.endsWith('.json') && !f.startsWith('before-') && f !== values.measure).sort((a, b) => weight(a) - weight(b) || a.localeCompare(b));
const distinct = [...new Map(files.flatMap(payloadsOf).filter((p) => !PERSONAL.test(p.toString('utf8'))).map((p) => [p.toString('base64'), p])).values()];
const parts: Buffer[] = [];
let size = 0;
for (const p of distinct.reverse()) {
  if (size + p.length > cap) continue;
  parts.unshift(p);
  size += p.length;
}
const dictionary = Buffer.concat(parts);
console.log(`${dictionary.length} bytes from ${parts.length} of ${distinct.length} distinct payloads in ${files.length} histories`);
if (values.measure) {
  const sample = payloadsOf(values.measure);
  const sealed = (d: Buffer) => sample.reduce((n, p) => n + 1 + deflateRawSync(p, { dictionary: d, level: 9 }).length, 0);
  console.log(`${values.measure}: ${sample.length} payloads, ${sample.reduce((n, p) => n + p.length, 0)} bytes serialized; deflated: ${[...DICTIONARIES].map(([v, d]) => `version ${v} ${sealed(d)}`).join(', ')}, this one ${sealed(dictionary)}`);
}
console.log(dictionary.toString('base64'));
