/**
 * The export customs declaration (报关单, H2018 route) message and its receipt.
 *
 * ⚠ NOT THE OFFICIAL FORMAT. The Single Window's 货物申报 message (the 报关单 a broker files in
 * H2018) is not in the references (docs/reference/ceb-messages.md covers the CEB messages only);
 * this is cbec-hub's own documented XML, carrying the fields a declaration needs
 * (docs/single-window-entry-declaration.md). A zone connecting a real H2018 route replaces this
 * module, not the workflow. What the references do say (ceb-messages.md, "Four declaration
 * routes" and attached-document type 10000004): in the 报关单 route the enterprise first files
 * the order or booking note (CEB303 B/W) and the declaration references it by attached document
 * 10000004 (跨境B2B出口单证) whose number is the 9710 order number / 9810 booking-note number;
 * customs matches the two (对碰). The 报关单号 (entryId) is 18 digits: 4-digit customs code,
 * 4-digit year, 0 for export, 9-digit sequence (docs/reference/domain-rules.md §7.3).
 *
 * Receipt statuses reuse the CEB meaning (domain/customs.ts ReceiptStatus): 5 pre-processed
 * (synchronous), 2 accepted, 120 declaration number assigned (entryId), 800 released,
 * 100 or negative rejected.
 */
import { CebParseError, parseXmlTree, type XmlElement } from '../ceb/xml.js';

/** Root element of the declaration (our own, not official). */
export const ENTRY_DECLARATION_TYPE = 'CbecEntryDeclaration';
/** Root element of its receipts (our own, not official). */
export const ENTRY_RETURN_TYPE = 'CbecEntryDeclarationReturn';
/** Our own namespace: marks the format as cbec-hub's, not a GACC schema. */
export const ENTRY_NS = 'urn:cbec-hub:entry-declaration:1';
/** Attached-document type for the CBEC B2B export document (ceb-messages.md: 10000004-跨境B2B出口单证). */
export const ATTACHED_B2B_EXPORT = '10000004';

export interface EntryDeclaration {
  guid: string;
  /** The enterprise's own number of the declaration: receipts are routed by it. */
  copNo: string;
  appTime: string;
  /** 申报地海关 (declaring customs, 4 digits) and 出境关别 (exit port customs). */
  customsCode: string;
  portCode: string;
  /** 贸易方式: 9710 or 9810. */
  tradeMode: '9710' | '9810';
  /** 境内发货人 (consignor): customs code and name. */
  consignorCode: string;
  consignorName: string;
  /** 申报单位 (declaration agent / broker). */
  agentCode: string;
  agentName: string;
  /** 运输方式 (customs transport mode code). */
  trafMode: string;
  /** 运抵国 (3-digit customs country) and 指运港. */
  country: string;
  port: string;
  /** 随附单证: type 10000004, number = 9710 order number / 9810 booking-note number. */
  attachedDocType: string;
  attachedDocNo: string;
  /** 成交方式 is FOB for the refund base; the declared CNY value. */
  declaredValueCny: string;
  currency: string;
  lines: { gnum: number; hsCode: string; name: string; qty: string; unit: string; price: string; totalPrice: string }[];
}

export interface EntryReturn {
  /** The receipt's own id (each receipt a new one: receivers de-duplicate by it). */
  guid: string;
  copNo: string;
  returnStatus: string;
  returnInfo: string;
  returnTime: string;
  /** 18-digit declaration number, from the 120 receipt on. */
  entryId?: string;
  /** The attached document the declaration was matched with. */
  attachedDocNo?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const leaf = (name: string, value: string | number) => `<${name}>${esc(String(value))}</${name}>`;

const HEAD_FIELDS = [
  'guid', 'copNo', 'appTime', 'customsCode', 'portCode', 'tradeMode', 'consignorCode', 'consignorName', 'agentCode', 'agentName',
  'trafMode', 'country', 'port', 'declaredValueCny', 'currency',
] as const;
const LINE_FIELDS = ['gnum', 'hsCode', 'name', 'qty', 'unit', 'price', 'totalPrice'] as const;

export function buildEntryDeclaration(d: EntryDeclaration): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<${ENTRY_DECLARATION_TYPE} xmlns="${ENTRY_NS}">`,
    `<EntryHead>${HEAD_FIELDS.map((f) => leaf(f, d[f])).join('')}</EntryHead>`,
    `<AttachedDocument>${leaf('docType', d.attachedDocType)}${leaf('docNo', d.attachedDocNo)}</AttachedDocument>`,
    ...d.lines.map((l) => `<EntryList>${LINE_FIELDS.map((f) => leaf(f, l[f])).join('')}</EntryList>`),
    `</${ENTRY_DECLARATION_TYPE}>`,
  ].join('');
}

function fields(el: XmlElement | undefined): Record<string, string> {
  return Object.fromEntries((el?.children ?? []).map((c) => [c.local, c.text]));
}

function rootOf(xml: string | Uint8Array, type: string): XmlElement {
  const root = parseXmlTree(xml);
  if (root.local !== type || root.ns !== ENTRY_NS) throw new CebParseError(`not a ${type} (${ENTRY_NS}): root is ${root.local}`);
  return root;
}

/** Reads a declaration; the problems list names missing or malformed fields (nothing is guessed). */
export function parseEntryDeclaration(xml: string | Uint8Array): { declaration: EntryDeclaration; problems: string[] } {
  const root = rootOf(xml, ENTRY_DECLARATION_TYPE);
  const head = fields(root.children.find((c) => c.local === 'EntryHead'));
  const attached = fields(root.children.find((c) => c.local === 'AttachedDocument'));
  const lines = root.children.filter((c) => c.local === 'EntryList').map(fields);
  const problems: string[] = [];
  for (const f of HEAD_FIELDS) if (!head[f]) problems.push(`EntryHead.${f}: required`);
  if (head.tradeMode && head.tradeMode !== '9710' && head.tradeMode !== '9810') problems.push('EntryHead.tradeMode: 9710 or 9810');
  if (attached.docType !== ATTACHED_B2B_EXPORT) problems.push(`AttachedDocument.docType: ${ATTACHED_B2B_EXPORT} required`);
  if (!attached.docNo) problems.push('AttachedDocument.docNo: required (order / booking-note number)');
  if (lines.length === 0) problems.push('EntryList: at least one line');
  lines.forEach((l, i) => {
    if (!/^\d{10}$/.test(l.hsCode ?? '')) problems.push(`EntryList[${i}].hsCode: 10 digits`);
    for (const f of LINE_FIELDS) if (!l[f]) problems.push(`EntryList[${i}].${f}: required`);
  });
  const declaration = {
    ...(head as unknown as Omit<EntryDeclaration, 'attachedDocType' | 'attachedDocNo' | 'lines'>),
    attachedDocType: attached.docType ?? '',
    attachedDocNo: attached.docNo ?? '',
    lines: lines.map((l) => ({ ...(l as unknown as EntryDeclaration['lines'][number]), gnum: Number(l.gnum) })),
  };
  return { declaration, problems };
}

const RETURN_FIELDS = ['guid', 'copNo', 'returnStatus', 'returnInfo', 'returnTime', 'entryId', 'attachedDocNo'] as const;

export function buildEntryReturn(r: EntryReturn): string {
  const body = RETURN_FIELDS.filter((f) => r[f] !== undefined).map((f) => leaf(f, r[f]!)).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><${ENTRY_RETURN_TYPE} xmlns="${ENTRY_NS}"><EntryReturn>${body}</EntryReturn></${ENTRY_RETURN_TYPE}>`;
}

export function parseEntryReturn(xml: string | Uint8Array): EntryReturn {
  const root = rootOf(xml, ENTRY_RETURN_TYPE);
  const f = fields(root.children.find((c) => c.local === 'EntryReturn'));
  if (!f.returnStatus || !f.copNo) throw new CebParseError(`${ENTRY_RETURN_TYPE}: copNo and returnStatus are required`);
  return {
    guid: f.guid ?? '', copNo: f.copNo, returnStatus: f.returnStatus, returnInfo: f.returnInfo ?? '', returnTime: f.returnTime ?? '',
    ...(f.entryId ? { entryId: f.entryId } : {}), ...(f.attachedDocNo ? { attachedDocNo: f.attachedDocNo } : {}),
  };
}

/** 18 digits: customs (4) + year (4) + 0 (export) + sequence (9) (domain-rules.md §7.3). */
export function makeExportEntryId(customsCode: string, year: number, serial: number): string {
  return `${/^\d{4}$/.test(customsCode) ? customsCode : '0000'}${year}0${String(serial % 1e9).padStart(9, '0')}`;
}

export const isExportEntryId = (s: string) => /^\d{8}0\d{9}$/.test(s);
