/**
 * `cbec ceb parse|build`: the CEB XML module (adapters/single-window/ceb) on the command line,
 * for integrators checking a message by hand and operators reading a receipt from a log.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  CebBuildError, CebParseError, CebValidationError, REQUEST_SPECS, buildRequest, describeStatus, isRequestType,
  parseMessage, parseReceipts, parseRequest, validateRequest,
} from '../adapters/single-window/ceb/index.js';
import type { BaseSubscribe, BaseTransfer, CebRequestType } from '../adapters/single-window/ceb/index.js';
import { describeDxpError, DxpError } from '../adapters/single-window/dxp/codes.js';
import { dxpRootOf, parseDxpMsg, parseDxpMsgSv, type DxpMsg } from '../adapters/single-window/dxp/envelope.js';
import { CliFailure, UsageError, expectPositionals, parseArgs, stringOption } from './args.js';

export const CEB_USAGE = `Usage:
  cbec ceb parse <file.xml|->
      Prints the message as JSON: messageType (root name), guid, version, hasSignature,
      elements (every root child by local name, always arrays; heads as objects, lines as
      arrays), receipts (one per …Return entity: returnStatus, returnInfo, statusText, echoed
      keys) when there are any, and validation (problems) for requests (export and import).
      Reads bytes as the platform does: BOM, declared encoding (gb2312/GBK…), prefixed or
      default CEB namespace, or no namespace.
      A DXP envelope (DxpMsg, or DxpMsgSv around one) prints as { envelope: TransInfo fields
      (copMsgId, senderId, receiverIds, creatTime, msgType), addInfo, dataBytes; transport:
      the SvNo of a DxpMsgSv; message: the wrapped message (Base64 Data) as above }.

  cbec ceb build <messageType> <data.json|-> [--out <file.xml>]
      Builds and validates a request (export, import or summary); writes the XML to stdout (or --out).
      messageType: ${Object.keys(REQUEST_SPECS).join(', ')} (or CEB303, 303…).
      data.json:
        {
          "guid": "optional root guid, 36 characters (default: a new one)",
          "version": "optional, default 1.0",
          "entities": [ { …one entity of the message… } ],
          "baseTransfer": { "copCode": "…", "copName": "…", "dxpMode": "DXP", "dxpId": "…" },
          "baseSubscribe": [ { "status": "RET", "dxpMode": "DXP", "dxpAddress": "…" } ]
        }
      An entity uses the XSD element names: head/list messages nest them, e.g. CEB303
      { "OrderHead": { "guid", "appType", "orderNo", … }, "OrderList": [ { "gnum": 1, … } ] };
      single-entity messages (CEB403/505/605) are flat objects. Decimals are strings
      ("13.89"), xs:int fields numbers. Example: cli/examples/ceb303.json.
      Invalid input: exit 1, one line per problem ("Order[0].OrderHead.orderNo: …").
`;

function readInput(file: string): Buffer {
  try {
    return file === '-' ? readFileSync(0) : readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message;
    throw new CliFailure(`${file}: cannot read: ${why}`);
  }
}

const CEB_ROOT = /^CEB\d{3}Message$/;

/** The JSON `cbec ceb parse` prints for one message. */
export function describeMessage(bytes: Uint8Array): Record<string, unknown> {
  const message = parseMessage(bytes);
  if (!CEB_ROOT.test(message.messageType)) {
    throw new CebParseError(`unknown root element ${message.messageType}: not a CEBnnnMessage`);
  }
  const { messageType, guid, version, hasSignature, elements } = message;
  const out: Record<string, unknown> = { messageType, guid, version, hasSignature, elements };
  const receipts = parseReceipts(bytes).map((r) => {
    const statusText = describeStatus(r.returnStatus);
    return { ...r, ...(statusText ? { statusText } : {}) };
  });
  if (receipts.length > 0) out.receipts = receipts;
  if (isRequestType(message.messageType)) {
    const problems = validateRequest(message.messageType, parseRequest(bytes));
    out.validation = { valid: problems.length === 0, problems };
  }
  return out;
}

/**
 * A DXP envelope (docs/reference/ceb-messages.md §3.1 DxpMsg, §3.2 DxpMsgSv): its fields, and the
 * wrapped message (Base64 Data, read by its own XML declaration) as `describeMessage` prints it.
 */
export function describeEnvelope(bytes: Uint8Array, root: 'DxpMsg' | 'DxpMsgSv'): Record<string, unknown> {
  let msg: DxpMsg;
  let transport: Record<string, unknown> | undefined;
  try {
    if (root === 'DxpMsgSv') {
      const sv = parseDxpMsgSv(bytes);
      msg = sv.msg;
      transport = { root: 'DxpMsgSv', ver: sv.ver, svNo: sv.svNo, hasSignature: sv.hasSignature };
    } else msg = parseDxpMsg(bytes);
  } catch (err) {
    if (err instanceof DxpError) throw new CebParseError(`${root}: DXP ${err.dxpCode} (${describeDxpError(err.dxpCode)}): ${err.message}`);
    throw err;
  }
  const { data, ...fields } = msg;
  const envelope: Record<string, unknown> = { root: 'DxpMsg', ...fields, dataBytes: data.length };
  let message: Record<string, unknown>;
  try {
    message = describeMessage(data);
  } catch (err) {
    if (err instanceof CebParseError) throw new CebParseError(`${root}: the message in Data: ${err.message}`);
    throw err;
  }
  if (message.messageType !== msg.msgType) envelope.msgTypeMismatch = `MsgType ${msg.msgType} but Data holds ${String(message.messageType)}`;
  return { ...(transport ? { transport } : {}), envelope, message };
}

export function cebParse(argv: readonly string[]): void {
  const [file = '-'] = expectPositionals(parseArgs(argv, {}, 'ceb'), ['<file.xml>'], 'ceb');
  const bytes = readInput(file);
  if (bytes.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) throw new CliFailure(`${file}: empty file, not a CEB message`);
  try {
    const envelope = dxpRootOf(bytes);
    process.stdout.write(`${JSON.stringify({ file, ...(envelope ? describeEnvelope(bytes, envelope) : describeMessage(bytes)) }, null, 2)}\n`);
  } catch (err) {
    if (err instanceof CebParseError) throw new CliFailure(`${file}: ${clarify(oneLine(err.message))}`);
    throw err;
  }
}

/** fast-xml-parser reports unclosed elements as a JSON list of tag names: say what that means. */
function clarify(message: string): string {
  const unclosed = /Invalid '\[(.*)\]' found\.?(?: \(line \d+, column \d+\))?/.exec(message);
  if (!unclosed?.[1]) return message.replace(/, column undefined\)/, ')');
  const tags = unclosed[1].split(',').map((t) => `<${t.trim().replace(/^"|"$/g, '')}>`);
  return message.replace(unclosed[0], `unclosed element${tags.length === 1 ? '' : 's'} ${tags.join(' ')} (truncated document?)`);
}

/** Accepts CEB303Message, CEB303, ceb303 or 303. */
export function requestType(name: string): CebRequestType {
  const digits = /^(?:ceb)?(\d{3})(?:message)?$/i.exec(name)?.[1];
  const type = digits ? `CEB${digits}Message` : name;
  if (!isRequestType(type)) {
    throw new UsageError(`unsupported message type ${name}: one of ${Object.keys(REQUEST_SPECS).join(', ')}`, 'ceb');
  }
  return type;
}

interface BuildInput {
  guid?: string;
  version?: string;
  entities: unknown[];
  baseTransfer: BaseTransfer;
  baseSubscribe?: BaseSubscribe[];
}

function readBuildInput(file: string): BuildInput {
  let data: unknown;
  try {
    data = JSON.parse(readInput(file).toString('utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    if (err instanceof CliFailure) throw err;
    throw new CliFailure(`${file}: not JSON: ${oneLine((err as Error).message)}`);
  }
  const problems: string[] = [];
  const o = (typeof data === 'object' && data !== null && !Array.isArray(data) ? data : undefined) as Record<string, unknown> | undefined;
  if (!o) throw new CliFailure(`${file}: expected a JSON object with entities and baseTransfer (see cbec ceb --help)`);
  const known = new Set(['guid', 'version', 'entities', 'baseTransfer', 'baseSubscribe']);
  for (const key of Object.keys(o)) if (!known.has(key)) problems.push(`${key}: unknown property (expected ${[...known].join(', ')})`);
  if (!Array.isArray(o.entities)) problems.push('entities: must be an array of entities');
  for (const key of ['guid', 'version'] as const) {
    if (o[key] !== undefined && typeof o[key] !== 'string') problems.push(`${key}: must be a string`);
  }
  if (o.baseSubscribe !== undefined && !Array.isArray(o.baseSubscribe)) problems.push('baseSubscribe: must be an array');
  if (problems.length > 0) throw new CliFailure(`${file}: not a build input`, problems);
  return o as unknown as BuildInput;
}

export function cebBuild(argv: readonly string[]): void {
  const parsed = parseArgs(argv, { out: 'value' }, 'ceb');
  const [typeName = '', file = '-'] = expectPositionals(parsed, ['<messageType>', '<data.json>'], 'ceb');
  const type = requestType(typeName);
  const input = readBuildInput(file);
  let xml: string;
  try {
    xml = buildRequest(type, input.entities as never[], input.baseTransfer, {
      ...(input.guid !== undefined ? { guid: input.guid } : {}),
      ...(input.version !== undefined ? { version: input.version } : {}),
      ...(input.baseSubscribe !== undefined ? { baseSubscribe: input.baseSubscribe } : {}),
    });
  } catch (err) {
    if (err instanceof CebValidationError) {
      const n = err.problems.length;
      throw new CliFailure(`${file}: invalid ${type} (${n} problem${n === 1 ? '' : 's'})`, err.problems.map((p) => `${p.path || '(message)'}: ${p.message} [${p.code}]`));
    }
    if (err instanceof CebBuildError) throw new CliFailure(`${file}: ${oneLine(err.message)}`);
    throw err;
  }
  const out = stringOption(parsed, 'out');
  if (!xml.endsWith('\n')) xml += '\n';
  if (out === undefined) {
    process.stdout.write(xml);
    return;
  }
  try {
    writeFileSync(out, xml);
  } catch (err) {
    throw new CliFailure(`${out}: cannot write: ${oneLine((err as Error).message)}`);
  }
  process.stderr.write(`cbec: wrote ${type} to ${out}\n`);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
