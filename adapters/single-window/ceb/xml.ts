/**
 * XML input layer: byte decoding (BOM / declared encoding) and a namespace-resolved element
 * tree on top of fast-xml-parser (which itself only sees prefixed names). Elements are later
 * matched by namespace URI + local name, never by prefix.
 */
import { TextDecoder } from 'node:util';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export class CebParseError extends Error {
  readonly code = 'CEB.PARSE';
  constructor(message: string) {
    super(message);
    this.name = 'CebParseError';
  }
}

export interface XmlElement {
  /** Namespace URI ('' when the element is in no namespace). */
  ns: string;
  local: string;
  /** Attributes by their (unresolved) name, xmlns declarations excluded. */
  attrs: Record<string, string>;
  /** Text content (character data and CDATA), trimmed. */
  text: string;
  children: XmlElement[];
}

const ENCODING_RE = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/;

/**
 * Turns input into text. Strings are taken as already decoded (a declared encoding is
 * ignored, only a BOM is dropped). Bytes: BOM first (UTF-8/UTF-16), else the encoding of the
 * XML declaration (e.g. gb2312 → decoded as GBK by WHATWG TextDecoder, needs full ICU), else
 * UTF-8. Undecodable bytes become U+FFFD rather than failing, so that a receipt's status
 * survives a bad returnInfo.
 */
export function decodeXml(input: string | Uint8Array): string {
  if (typeof input === 'string') return input.replace(/^\uFEFF/, '');
  const b = input;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return new TextDecoder('utf-8').decode(b.subarray(3));
  if (b[0] === 0xff && b[1] === 0xfe) return new TextDecoder('utf-16le').decode(b.subarray(2));
  if (b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b.subarray(2));
  if (b[0] === 0x3c && b[1] === 0x00) return new TextDecoder('utf-16le').decode(b);
  if (b[0] === 0x00 && b[1] === 0x3c) return new TextDecoder('utf-16be').decode(b);
  const head = new TextDecoder('latin1').decode(b.subarray(0, 256));
  const label = ENCODING_RE.exec(head)?.[1] ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    throw new CebParseError(`unsupported encoding declared in the XML declaration: ${label}`);
  }
  return decoder.decode(b);
}

/** XML 1.0 predefined and numeric character references only; nothing else is expanded. */
function decodeReferences(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const cp = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[ref] ?? whole;
  });
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false, // keep '0001', '142', '20200615' as text
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Every element as an array: which elements are ×n is decided afterwards from the XSD tables,
  // once namespaces are resolved (a prefix says nothing about the element).
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
  entityDecoder: {
    setExternalEntities: () => undefined,
    addInputEntities: () => undefined,
    reset: () => undefined,
    setXmlVersion: () => undefined,
    decode: decodeReferences,
  },
});

type Raw = string | { [key: string]: unknown };

function splitName(name: string): [prefix: string, local: string] {
  const i = name.indexOf(':');
  return i < 0 ? ['', name] : [name.slice(0, i), name.slice(i + 1)];
}

function toElement(name: string, raw: Raw, scope: ReadonlyMap<string, string>, path: string): XmlElement {
  const attrs: Record<string, string> = {};
  let inner = scope;
  const children: XmlElement[] = [];
  let text = '';
  if (typeof raw === 'string') {
    text = raw;
  } else {
    const decls = Object.entries(raw).filter(([k]) => k === '@_xmlns' || k.startsWith('@_xmlns:'));
    if (decls.length > 0) {
      const next = new Map(scope);
      for (const [k, v] of decls) next.set(k === '@_xmlns' ? '' : k.slice('@_xmlns:'.length), String(v));
      inner = next;
    }
    for (const [key, value] of Object.entries(raw)) {
      if (key === '#text') text += Array.isArray(value) ? value.join('') : String(value);
      else if (key.startsWith('@_')) {
        if (key !== '@_xmlns' && !key.startsWith('@_xmlns:')) attrs[key.slice(2)] = String(value);
      } else {
        for (const item of Array.isArray(value) ? value : [value]) {
          children.push(toElement(key, item as Raw, inner, `${path}/${key}`));
        }
      }
    }
  }
  const [prefix, local] = splitName(name);
  const ns = inner.get(prefix);
  if (ns === undefined) throw new CebParseError(`undeclared namespace prefix "${prefix}" at ${path}`);
  return { ns, local, attrs, text: text.trim(), children };
}

/** Parses XML text or bytes into a namespace-resolved tree; throws CebParseError. */
export function parseXmlTree(input: string | Uint8Array): XmlElement {
  const text = decodeXml(input).trimStart();
  if (/<!DOCTYPE/i.test(text)) throw new CebParseError('DOCTYPE is not allowed in CEB messages');
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new CebParseError(`malformed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  }
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new CebParseError(`malformed XML: ${(err as Error).message}`);
  }
  const roots = Object.entries(doc).filter(([k]) => !k.startsWith('#') && !k.startsWith('@_'));
  const first = roots[0];
  const items = first && Array.isArray(first[1]) ? (first[1] as Raw[]) : [];
  if (roots.length !== 1 || items.length !== 1 || !first || items[0] === undefined) {
    throw new CebParseError('XML document must have exactly one root element');
  }
  const base = new Map([['', ''], ['xml', 'http://www.w3.org/XML/1998/namespace']]);
  return toElement(first[0], items[0], base, `/${first[0]}`);
}

/** Children of `el` in one of `namespaces` with the given local name. */
export function childrenNamed(el: XmlElement, local: string, namespaces: readonly string[]): XmlElement[] {
  return el.children.filter((c) => c.local === local && namespaces.includes(c.ns));
}
