/**
 * The DXP envelopes of the national China E-port exchange (docs/reference/ceb-messages.md §3.1
 * terminal-node message `DxpMsg`, §3.2 transport-node message `DxpMsgSv`): build and parse.
 * The business XML travels Base64-encoded in `Data`, as bytes: its own XML declaration says how
 * to read it (decodeXml).
 */
import { escapeXml } from '../ceb/build.js';
import { formatAppTime } from '../ceb/ids.js';
import { XMLDSIG_NAMESPACE } from '../ceb/types.js';
import { CebParseError, childrenNamed, parseXmlTree, type XmlElement } from '../ceb/xml.js';
import { DxpError } from './codes.js';

/** §3.1: namespace of DxpMsg, DxpRep (and, we take it, DxpMsgSv: §3.2 names no other). */
export const DXP_NAMESPACE = 'http://www.chinaport.gov.cn/dxp';
/** §3.1: receiver of cross-border import messages (跨境进口); their receipts come back from it. */
export const DXP_CEB_IMPORT = 'DXPEDCCEB0000002';
/** §3.1: receiver of cross-border export messages (跨境出口). */
export const DXP_CEB_EXPORT = 'DXPEDCCEB0000003';

/**
 * Import messages by CEB number (§3.3's receipt routing lists CEB312/412/512/514/622/624/626/712/
 * 816/818 as import; their requests are the odd numbers before them). Everything else is export.
 */
const IMPORT_NUMBERS = new Set([311, 312, 411, 412, 511, 512, 513, 514, 621, 622, 623, 624, 625, 626, 711, 712, 816, 818]);

/** The DXP id of the CEB system that takes (or sends) this message type. */
export function cebReceiverFor(messageType: string): typeof DXP_CEB_IMPORT | typeof DXP_CEB_EXPORT {
  const n = Number(/^CEB(\d{3})Message$/.exec(messageType)?.[1]);
  return IMPORT_NUMBERS.has(n) ? DXP_CEB_IMPORT : DXP_CEB_EXPORT;
}

/** TransInfo and AddInfo of a DxpMsg (§3.1 table). */
export interface DxpEnvelope {
  /** Root attribute `ver`, fixed 1.0. */
  ver: string;
  /** Optional root attribute `Id` (W3C signature id). */
  id?: string;
  /** TransInfo/CopMsgId, C..255: the sender's own unique message id. */
  copMsgId: string;
  /** TransInfo/SenderId, C..16. */
  senderId: string;
  /** TransInfo/ReceiverIds/ReceiverId, 1–5 × C..16. */
  receiverIds: string[];
  /** TransInfo/CreatTime, `yyyy-mm-ddThh:mm:ss` (the spelling is the schema's). */
  creatTime: string;
  /** TransInfo/MsgType, C..30: the root name of the wrapped message, e.g. CEB311Message. */
  msgType: string;
  addInfo?: DxpAddInfo;
  /** A transport-level ds:Signature is present (optional; §4: none of the implementations seen use it). */
  hasSignature?: boolean;
}

export interface DxpAddInfo {
  fileName?: string;
  icCard?: string;
  bizKeys?: Record<string, string>;
  /** AddInfo/IsText@Encode: the payload is text in this charset. */
  isTextEncode?: string;
  recMapId?: string;
}

export interface DxpMsg extends DxpEnvelope {
  /** The wrapped business XML, as bytes. */
  data: Uint8Array;
}

const FIELD_LIMITS: [keyof DxpEnvelope, number][] = [['copMsgId', 255], ['senderId', 16], ['msgType', 30]];
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

/**
 * CreatTime from an instant. The reference gives no time zone: China time is assumed, like every
 * other CEB time (ceb-messages.md §3.1 only shows the pattern) — unsure.
 */
export function formatDxpTime(date: Date): string {
  const t = formatAppTime(date);
  return `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(8, 10)}:${t.slice(10, 12)}:${t.slice(12, 14)}`;
}

/** The §3.1 constraints a DxpMsg must meet; the first broken one, else undefined. */
export function envelopeProblem(e: DxpEnvelope): string | undefined {
  if (e.ver !== '1.0') return `ver must be 1.0, not ${e.ver}`;
  if (e.id !== undefined && (e.id === '' || /^\d+$/.test(e.id))) return 'Id must not be empty or purely numeric';
  for (const [name, max] of FIELD_LIMITS) {
    const v = e[name] as string;
    if (!v || v.length > max) return `TransInfo/${name[0]!.toUpperCase()}${name.slice(1)} must be 1–${max} characters`;
  }
  if (e.receiverIds.length < 1 || e.receiverIds.length > 5) return 'TransInfo/ReceiverIds must hold 1–5 ReceiverId';
  if (e.receiverIds.some((r) => !r || r.length > 16)) return 'TransInfo/ReceiverIds/ReceiverId must be 1–16 characters';
  if (!DATE_TIME.test(e.creatTime)) return 'TransInfo/CreatTime must be yyyy-mm-ddThh:mm:ss';
  return undefined;
}

const el = (name: string, text: string) => `<${name}>${escapeXml(text)}</${name}>`;

function addInfoXml(a: DxpAddInfo | undefined): string {
  if (!a) return '';
  const keys = Object.entries(a.bizKeys ?? {});
  const inner = [
    a.fileName !== undefined ? el('FileName', a.fileName) : '',
    a.icCard !== undefined ? el('IcCard', a.icCard) : '',
    keys.length > 0 ? `<BizKey>${keys.map(([k, v]) => `<Key name="${escapeXml(k, true)}">${escapeXml(v)}</Key>`).join('')}</BizKey>` : '',
    a.isTextEncode !== undefined ? `<IsText Encode="${escapeXml(a.isTextEncode, true)}"/>` : '',
    a.recMapId !== undefined ? el('RecMapId', a.recMapId) : '',
  ].join('');
  return inner ? `<AddInfo>${inner}</AddInfo>` : '';
}

function dxpMsgXml(m: DxpMsg, declareNamespace: boolean): string {
  const problem = envelopeProblem(m);
  if (problem) throw new DxpError('0001', `DxpMsg: ${problem}`);
  const attrs = `${declareNamespace ? ` xmlns="${DXP_NAMESPACE}"` : ''} ver="${escapeXml(m.ver, true)}"${m.id !== undefined ? ` Id="${escapeXml(m.id, true)}"` : ''}`;
  const trans = `<TransInfo>${el('CopMsgId', m.copMsgId)}${el('SenderId', m.senderId)}<ReceiverIds>${m.receiverIds.map((r) => el('ReceiverId', r)).join('')}</ReceiverIds>` +
    `${el('CreatTime', m.creatTime)}${el('MsgType', m.msgType)}</TransInfo>`;
  return `<DxpMsg${attrs}>${trans}<Data>${Buffer.from(m.data).toString('base64')}</Data>${addInfoXml(m.addInfo)}</DxpMsg>`;
}

/** A DxpMsg document (UTF-8; the envelope itself is ASCII unless AddInfo holds other text). */
export function buildDxpMsg(m: DxpMsg): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${dxpMsgXml(m, true)}`;
}

/** §3.2 SvNo of a transport-node message. */
export interface DxpSvNo {
  /** Attribute Ver, 1.0. */
  ver: string;
  /** C..32: 8-digit node id + yyyymmddhh24mmss + 10-digit sequence. */
  msgId: string;
  /** C1, incremented per receiver when a message is split. */
  subMsgId?: string;
  sendTime: string;
  /** C..8: destination node id assigned by China E-port. */
  endNode: string;
  /** C..8: entry node id. */
  staNode: string;
}

export interface DxpMsgSv {
  ver: string;
  svNo: DxpSvNo;
  msg: DxpMsg;
  hasSignature?: boolean;
}

export function buildDxpMsgSv(sv: DxpMsgSv): string {
  const s = sv.svNo;
  if (!/^\d{8}\d{14}\d{10}$/.test(s.msgId)) throw new DxpError('0001', 'DxpMsgSv: SvNo/MsgId must be an 8-digit node id, yyyymmddhh24mmss and a 10-digit sequence');
  const svNo = `<SvNo Ver="${escapeXml(s.ver, true)}">${el('MsgId', s.msgId)}${s.subMsgId !== undefined ? el('SubMsgId', s.subMsgId) : ''}` +
    `${el('SendTime', s.sendTime)}${el('EndNode', s.endNode)}${el('StaNode', s.staNode)}</SvNo>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<DxpMsgSv xmlns="${DXP_NAMESPACE}" ver="${escapeXml(sv.ver, true)}">${svNo}${dxpMsgXml(sv.msg, false)}</DxpMsgSv>`;
}

const dxp = (parent: XmlElement, local: string) => childrenNamed(parent, local, [DXP_NAMESPACE]);
function one(parent: XmlElement, local: string, path: string, optional = false): XmlElement | undefined {
  const found = dxp(parent, local);
  if (found.length > 1) throw new DxpError('0001', `${path}/${local} appears ${found.length} times`);
  if (!found[0] && !optional) throw new DxpError('0001', `${path}/${local} is missing`);
  return found[0];
}
const text = (parent: XmlElement, local: string, path: string) => one(parent, local, path)!.text;
const optText = (parent: XmlElement, local: string, path: string) => one(parent, local, path, true)?.text;

function tree(input: string | Uint8Array): XmlElement {
  try {
    return parseXmlTree(input);
  } catch (err) {
    throw new DxpError('0001', err instanceof CebParseError ? err.message : String(err));
  }
}

function readDxpMsg(root: XmlElement): DxpMsg {
  const path = '/DxpMsg';
  const trans = one(root, 'TransInfo', path)!;
  const t = `${path}/TransInfo`;
  const receivers = one(trans, 'ReceiverIds', t)!;
  const data = text(root, 'Data', path).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length % 4 !== 0) throw new DxpError('0001', `${path}/Data is not Base64`);
  const add = one(root, 'AddInfo', path, true);
  const addInfo: DxpAddInfo = {};
  if (add) {
    const a = `${path}/AddInfo`;
    const fileName = optText(add, 'FileName', a);
    const icCard = optText(add, 'IcCard', a);
    const recMapId = optText(add, 'RecMapId', a);
    const isText = one(add, 'IsText', a, true);
    const bizKey = one(add, 'BizKey', a, true);
    if (fileName !== undefined) addInfo.fileName = fileName;
    if (icCard !== undefined) addInfo.icCard = icCard;
    if (bizKey) addInfo.bizKeys = Object.fromEntries(dxp(bizKey, 'Key').map((k) => [k.attrs.name ?? '', k.text]));
    if (isText) addInfo.isTextEncode = isText.attrs.Encode ?? '';
    if (recMapId !== undefined) addInfo.recMapId = recMapId;
  }
  const msg: DxpMsg = {
    ver: root.attrs.ver ?? '',
    ...(root.attrs.Id !== undefined ? { id: root.attrs.Id } : {}),
    copMsgId: text(trans, 'CopMsgId', t),
    senderId: text(trans, 'SenderId', t),
    receiverIds: dxp(receivers, 'ReceiverId').map((r) => r.text),
    creatTime: text(trans, 'CreatTime', t),
    msgType: text(trans, 'MsgType', t),
    data: Buffer.from(data, 'base64'),
    ...(add ? { addInfo } : {}),
    hasSignature: root.children.some((c) => c.ns === XMLDSIG_NAMESPACE && c.local === 'Signature'),
  };
  const problem = envelopeProblem(msg);
  if (problem) throw new DxpError('0001', `DxpMsg: ${problem}`);
  return msg;
}

/** The root element's local name when it is a DXP envelope (DxpMsg, DxpMsgSv), else undefined. */
export function dxpRootOf(input: string | Uint8Array): 'DxpMsg' | 'DxpMsgSv' | undefined {
  let root: XmlElement;
  try {
    root = parseXmlTree(input);
  } catch {
    return undefined;
  }
  return root.ns === DXP_NAMESPACE && (root.local === 'DxpMsg' || root.local === 'DxpMsgSv') ? root.local : undefined;
}

/** Parses a DxpMsg; throws DxpError 0001 (message format) naming what is wrong. */
export function parseDxpMsg(input: string | Uint8Array): DxpMsg {
  const root = tree(input);
  if (root.ns !== DXP_NAMESPACE || root.local !== 'DxpMsg') throw new DxpError('0001', `root must be DxpMsg in ${DXP_NAMESPACE}, not ${root.local}`);
  return readDxpMsg(root);
}

/** Parses a DxpMsgSv and the DxpMsg it carries; throws DxpError 0001. */
export function parseDxpMsgSv(input: string | Uint8Array): DxpMsgSv {
  const root = tree(input);
  if (root.ns !== DXP_NAMESPACE || root.local !== 'DxpMsgSv') throw new DxpError('0001', `root must be DxpMsgSv in ${DXP_NAMESPACE}, not ${root.local}`);
  const sv = one(root, 'SvNo', '/DxpMsgSv')!;
  const p = '/DxpMsgSv/SvNo';
  const subMsgId = optText(sv, 'SubMsgId', p);
  return {
    ver: root.attrs.ver ?? '',
    svNo: {
      ver: sv.attrs.Ver ?? '', msgId: text(sv, 'MsgId', p), ...(subMsgId !== undefined ? { subMsgId } : {}),
      sendTime: text(sv, 'SendTime', p), endNode: text(sv, 'EndNode', p), staNode: text(sv, 'StaNode', p),
    },
    msg: readDxpMsg(one(root, 'DxpMsg', '/DxpMsgSv')!),
    hasSignature: root.children.some((c) => c.ns === XMLDSIG_NAMESPACE && c.local === 'Signature'),
  };
}
