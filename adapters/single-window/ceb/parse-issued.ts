/**
 * Reading the messages customs issues that are not `…Return` receipts: CEB816 electronic tax
 * bill, CEB818 tax-bill status, CEB792 summary result. The simulator delivers them like receipts
 * (`message=<xml>` callbacks); the platform tells them apart with detectMessageType.
 *
 * Unknown elements are tolerated like in parseRequest: they never fail the parse. Public CEB816
 * fixtures carry orderNo and logisticsNo in TaxHeadRd, which the XSD does not define — the flat
 * readers hand such simple elements of the head over in `extra`.
 */
import { ISSUED_SPECS, isIssuedType } from './schema.js';
import { XMLDSIG_NAMESPACE } from './types.js';
import type {
  AnyCebIssued, Ceb792SummaryResultHead, Ceb816TaxHeadRd, Ceb818TaxHeadStatus, CebIssuedType, SummaryResult,
  SummaryResultLine, TaxBill, TaxBillLine, TaxBillStatus,
} from './types.js';
import { cebRoot, isCeb, readEntity } from './parse.js';
import { CebParseError } from './xml.js';

interface ReadIssued {
  messageType: CebIssuedType;
  guid: string;
  version: string;
  entities: Record<string, unknown>[];
  /** Unknown simple elements of each entity's head, by entity index. */
  extras: Record<string, string>[];
  unexpected: string[];
}

function read(xml: string | Uint8Array, expected?: CebIssuedType): ReadIssued {
  const root = cebRoot(xml);
  const messageType = root.local;
  if (!isIssuedType(messageType) || (expected && messageType !== expected)) {
    throw new CebParseError(`not a ${expected ?? 'customs-issued message (CEB816/818/792)'}: ${messageType}`);
  }
  const spec = ISSUED_SPECS[messageType];
  const unexpected: string[] = [];
  const entities: Record<string, unknown>[] = [];
  const extras: Record<string, string>[] = [];
  for (const c of root.children) {
    if (c.ns === XMLDSIG_NAMESPACE && c.local === 'Signature') continue; // not in the XSD, harmless
    if (isCeb(c) && c.local === spec.entity.tag) {
      const extra: Record<string, string> = {};
      entities.push(readEntity(c, spec.entity, `${c.local}[${entities.length}]`, unexpected, extra));
      extras.push(extra);
    } else {
      unexpected.push(c.local);
    }
  }
  return { messageType, guid: root.attrs.guid ?? '', version: root.attrs.version ?? '', entities, extras, unexpected };
}

/** Reads CEB816/818/792 into XSD-shaped entities (validate with validateIssued). */
export function parseIssued(xml: string | Uint8Array): AnyCebIssued {
  const { extras: _extras, ...parsed } = read(xml);
  return parsed as unknown as AnyCebIssued; // "not validated", as CebRequest
}

type Obj = Record<string, unknown>;
const text = (o: Obj, name: string): string => (typeof o[name] === 'string' ? (o[name] as string) : '');
/** xs:int fields: NaN when missing or not an integer (as parseRequest). */
const int = (o: Obj, name: string): number => (typeof o[name] === 'number' ? (o[name] as number) : Number.NaN);
/** Optional text fields, present only when the element was. */
function optional<K extends string>(o: Obj, names: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const n of names) if (typeof o[n] === 'string') out[n] = o[n] as string;
  return out;
}
function head(entity: Obj, tag: string, where: string, keys: readonly string[]): Obj {
  const h = entity[tag];
  if (typeof h !== 'object' || h === null) throw new CebParseError(`${where} has no ${tag}`);
  for (const k of keys) if (!text(h as Obj, k)) throw new CebParseError(`${where}/${tag} has no ${k}`);
  return h as Obj;
}
const lines = (entity: Obj, tag: string): Obj[] => (Array.isArray(entity[tag]) ? (entity[tag] as Obj[]) : []);

/**
 * The electronic tax bills of a CEB816 message, one per Tax. Amounts stay decimal text.
 * Throws CebParseError for another root, malformed XML, or a Tax without invtNo or taxNo.
 */
export function parseTaxBills(xml: string | Uint8Array): TaxBill[] {
  const r = read(xml, 'CEB816Message');
  return r.entities.map((e, i) => {
    const h = head(e, 'TaxHeadRd', `CEB816Message/Tax[${i}]`, ['invtNo', 'taxNo']);
    const opt = optional(h, ['entDutyNo', 'assureCode', 'ebcCode', 'logisticsCode', 'agentCode', 'customsCode', 'note'] as const satisfies readonly (keyof Ceb816TaxHeadRd)[]);
    return {
      messageGuid: r.guid, guid: text(h, 'guid'), returnTime: text(h, 'returnTime'), invtNo: text(h, 'invtNo'),
      taxNo: text(h, 'taxNo'), customsTax: text(h, 'customsTax'), valueAddedTax: text(h, 'valueAddedTax'),
      consumptionTax: text(h, 'consumptionTax'), status: text(h, 'status'), ...opt,
      lines: lines(e, 'TaxListRd').map((l): TaxBillLine => ({
        gnum: int(l, 'gnum'), gcode: text(l, 'gcode'), taxPrice: text(l, 'taxPrice'), customsTax: text(l, 'customsTax'),
        valueAddedTax: text(l, 'valueAddedTax'), consumptionTax: text(l, 'consumptionTax'),
      })),
      extra: r.extras[i] ?? {},
    };
  });
}

/** The tax-bill statuses of a CEB818 message, one per Tax (status 1 generated / 2 summarised / 3 void). */
export function parseTaxBillStatuses(xml: string | Uint8Array): TaxBillStatus[] {
  const r = read(xml, 'CEB818Message');
  return r.entities.map((e, i) => {
    const h = head(e, 'TaxHeadStatus', `CEB818Message/Tax[${i}]`, ['invtNo', 'taxNo']);
    const opt = optional(h, ['entDutyNo', 'assureCode'] as const satisfies readonly (keyof Ceb818TaxHeadStatus)[]);
    return {
      messageGuid: r.guid, guid: text(h, 'guid'), returnTime: text(h, 'returnTime'), invtNo: text(h, 'invtNo'),
      taxNo: text(h, 'taxNo'), status: text(h, 'status'), ...opt, extra: r.extras[i] ?? {},
    };
  });
}

/**
 * The summary results of a CEB792 message, one per SummaryResult (= one customs declaration:
 * declSeqNo, entryId once known), with the inventory lines it covers. Throws CebParseError for
 * another root or a result without sumNo.
 */
export function parseSummaryResults(xml: string | Uint8Array): SummaryResult[] {
  const r = read(xml, 'CEB792Message');
  const texts = [
    'guid', 'customsCode', 'sumNo', 'opDate', 'declSeqNo', 'decState', 'agentCode', 'agentName', 'ebcCode', 'ebcName',
    'declAgentCode', 'declAgentName', 'grossWeight', 'netWeight',
  ] as const satisfies readonly (keyof Ceb792SummaryResultHead)[];
  return r.entities.map((e, i) => {
    const h = head(e, 'SummaryResultHead', `CEB792Message/SummaryResult[${i}]`, ['sumNo']);
    const base = Object.fromEntries(texts.map((n) => [n, text(h, n)])) as Record<(typeof texts)[number], string>;
    return {
      messageGuid: r.guid, ...base, ...optional(h, ['decTmpNo', 'decPreNo', 'entryId', 'note'] as const),
      msgCount: int(h, 'msgCount'), msgSeqNo: int(h, 'msgSeqNo'),
      lines: lines(e, 'SummaryResultList').map((l): SummaryResultLine => ({
        invtNo: text(l, 'invtNo'), logisticsNo: text(l, 'logisticsNo'), gseqno: int(l, 'gseqno'), gnum: int(l, 'gnum'),
        gcode: text(l, 'gcode'),
      })),
      extra: r.extras[i] ?? {},
    };
  });
}
