import type { FastifyInstance } from 'fastify';
import { decodeXml } from '../../adapters/single-window/ceb/index.js';

/**
 * Keeps callback bodies raw: the signature covers the bytes as sent, and a body need not be UTF-8
 * (a GB2312 receipt): the bytes are authenticated, their text (bodyText) is stored and parsed.
 * The callback route and the per-system rate limit (api/callback-identity.ts) read the same body.
 */
export function installRawBodyParser(app: FastifyInstance): void {
  app.addContentTypeParser(['application/x-www-form-urlencoded', 'application/json', 'application/xml', 'text/xml'], { parseAs: 'buffer', bodyLimit: 5 * 1024 * 1024 }, (req, body, done) =>
    done(null, { bytes: body as Buffer, text: bodyText(body as Buffer, String(req.headers['content-type'] ?? '')) } satisfies RawBody));
}

/** A callback body as sent: the bytes its signature covers, and their text (bodyText). */
export interface RawBody {
  bytes: Buffer;
  text: string;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A callback body as text. UTF-8 bodies as sent. A form whose bytes are not UTF-8 (a GB2312
 * receipt posted without percent-encoding) gets those bytes percent-encoded, which a form parser
 * reads as the same bytes (adapters/single-window/inbound.ts formFieldBytes decodes the field by
 * its XML declaration). Other media types: XML by its declaration, else UTF-8 with U+FFFD.
 */
export function bodyText(bytes: Buffer, contentType: string): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    // not UTF-8: below
  }
  if (/^application\/x-www-form-urlencoded/i.test(contentType)) {
    let out = '';
    for (const b of bytes) out += b < 0x80 ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    return out;
  }
  if (/xml/i.test(contentType)) {
    try {
      return decodeXml(bytes);
    } catch {
      // an unknown declared encoding: below
    }
  }
  return bytes.toString('utf8');
}
