/**
 * The simulator's DXP transport node (ceb-messages.md §3.1–§3.3): takes a DxpMsg by AS2 POST,
 * checks the envelope and addressing the way a transport node does (§3.2 routing: an unknown
 * receiver gets an error), unwraps the CEB message for the same handling as a gateway post, and
 * answers a synchronous MDN with the DXP error code of any refusal. Receipts of documents that
 * came this way go back wrapped in a DxpMsg (SenderId = the CEB system's id, §3.1) by AS2 to
 * the platform's callback URL. Design as in the public simulator of §3.3 (not an official contract).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Simulator } from '../kit/simulator.js';
import { decodeXml, detectMessageType, newCebGuid } from './ceb/index.js';
import { AS2_PATH, as2Headers, buildMdn } from './dxp/as2.js';
import { DxpError, type DxpErrorCode } from './dxp/codes.js';
import { buildDxpMsg, cebReceiverFor, DXP_CEB_EXPORT, DXP_CEB_IMPORT, formatDxpTime, parseDxpMsg } from './dxp/envelope.js';

/** What the gateway handling made of a CEB message: a plain-text refusal, or its synchronous receipt. */
export type Declared = { kind: 'text'; text: string } | { kind: 'receipt'; xml: string; status: string; info: string };

const KNOWN_RECEIVERS = new Set<string>([DXP_CEB_IMPORT, DXP_CEB_EXPORT]);
const REPORTING_UA = 'cbec-hub single-window simulator (DXP transport node)';

/**
 * Adds the AS2 route. `declare` handles one CEB message as the gateway route does and remembers
 * the sender's DXP id, to which the receipts of the message's documents go.
 */
export function dxpRoute(sim: Simulator, declare: (xml: string, key: string, dxpSender: string) => Declared): void {
  sim.app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  sim.app.post(AS2_PATH, async (req: FastifyRequest, reply: FastifyReply) => {
    const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : '');
    const from = header('as2-from');
    const to = header('as2-to');
    const messageId = header('message-id');
    if (!from || !to || !messageId) return reply.code(400).type('text/plain').send('AS2-From, AS2-To and Message-ID are required (RFC 4130)');
    const mdn = (error?: { code: DxpErrorCode; detail: string }, info?: string) => {
      const m = buildMdn({ originalMessageId: messageId, recipient: to, reportingUa: REPORTING_UA, ...(error ? { error } : {}), ...(info ? { text: info } : {}) });
      return reply.code(200).type(m.contentType).send(m.body);
    };
    try {
      const msg = parseDxpMsg(Buffer.isBuffer(req.body) ? req.body : Buffer.from(String(req.body ?? '')));
      const unknown = msg.receiverIds.find((r) => !KNOWN_RECEIVERS.has(r));
      if (unknown) throw new DxpError('2001', `receiver ${unknown} does not exist on this node`);
      if (!msg.receiverIds.includes(to)) throw new DxpError('2002', `AS2-To ${to} is not among the ReceiverIds`);
      if (msg.senderId !== from) throw new DxpError('2002', `SenderId ${msg.senderId} differs from AS2-From ${from}`);
      let xml: string;
      let root: string;
      try {
        xml = decodeXml(msg.data);
        root = detectMessageType(xml);
      } catch (err) {
        throw new DxpError('0002', `Data is no XML message: ${(err as Error).message}`);
      }
      if (root !== msg.msgType) throw new DxpError('0999', `MsgType ${msg.msgType} differs from the message in Data (${root})`);
      if (!msg.receiverIds.includes(cebReceiverFor(root))) throw new DxpError('2002', `${root} goes to ${cebReceiverFor(root)}, not ${msg.receiverIds.join(', ')}`);
      const declared = declare(xml, header('idempotency-key') || `as2:${messageId}`, msg.senderId);
      if (declared.kind === 'text') return mdn({ code: '0002', detail: declared.text });
      if (declared.status === '-1') return mdn({ code: '3001', detail: declared.info });
      return mdn(undefined, declared.info);
    } catch (err) {
      if (err instanceof DxpError) return mdn({ code: err.dxpCode, detail: err.message });
      throw err;
    }
  });
}

/** Delivers a customs message to the platform wrapped in a DxpMsg by AS2 (signed like every simulator callback). */
export function deliverByDxp(sim: Simulator, xml: string, receiver: string, now: () => Date): Promise<boolean> {
  const msgType = detectMessageType(xml);
  const sender = cebReceiverFor(msgType);
  const copMsgId = newCebGuid();
  const body = buildDxpMsg({
    ver: '1.0', copMsgId, senderId: sender, receiverIds: [receiver], creatTime: formatDxpTime(now()), msgType, data: Buffer.from(xml, 'utf8'),
    addInfo: { fileName: `${msgType}${copMsgId}` },
  });
  const headers = as2Headers({ from: sender, to: receiver, messageId: `${copMsgId}@single-window-simulator`, notificationTo: sender });
  const { 'content-type': contentType, ...rest } = headers;
  return sim.sendCallback(body, contentType!, (status) => status >= 200 && status < 300, rest);
}
