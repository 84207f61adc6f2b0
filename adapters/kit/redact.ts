/**
 * Redaction for adapter logs: what may be written about a request or response to an outside
 * system. Secrets (authorization, API keys, signatures, cookies) and personal data (ID numbers,
 * names, telephones, addresses, account numbers) are replaced by [redacted] in headers, query
 * strings, JSON, form fields and XML elements (matched by local name, whatever the prefix).
 */

export const REDACTED = '[redacted]';

const SECRET_HEADER = /authorization|cookie|secret|token|signature|password|api[-_]?key|x-cbec-timestamp/i;
/**
 * Field names (JSON keys, form fields, XML local names) holding personal data or secrets. Names
 * of goods or companies (itemName, ebpName, copName…) are not personal data and stay.
 */
const SENSITIVE_FIELD = new RegExp(
  [
    'idnumber', 'idno$', 'idcard', 'telephone', 'phone', 'mobile', 'email', 'password', 'passwd', 'secret', 'token',
    'signature', 'x509certificate', 'private[-_]?key', 'api[-_]?key', 'account(no|number)?$', 'cardno', 'iban',
    '^(buyer|payer|consignee|receiver|sender|recipient|customer|person)(name)?$', '^(buyer|payer)regno$',
    '^consignee(address|district)?$', 'address$',
  ].join('|'),
  'i',
);

export const isSensitiveField = (name: string): boolean => SENSITIVE_FIELD.test(name);

export function redactHeaders(headers: Record<string, string> | Headers): Record<string, string> {
  const entries: [string, string][] = [];
  if (headers instanceof Headers) headers.forEach((v, k) => entries.push([k, v]));
  else entries.push(...Object.entries(headers));
  return Object.fromEntries(entries.map(([k, v]) => [k.toLowerCase(), SECRET_HEADER.test(k) ? REDACTED : v]));
}

/** Element text of sensitive elements, and base64 signature material, replaced. */
/** A DXP envelope's Base64 `Data` (ceb-messages.md §3.1) wraps a whole CEB message, personal data included. */
const isWrappedMessage = (local: string, text: string) => local === 'Data' && /^[A-Za-z0-9+/=\s]{16,}$/.test(text);

export function redactXml(xml: string): string {
  // text or CDATA only (elements with children are walked into by the global match)
  return xml.replace(/<((?:[\w.-]+:)?)([\w.-]+)(\s[^>]*)?>((?:[^<]|<!\[CDATA\[[\s\S]*?\]\]>)*)<\/\1\2\s*>/g, (whole, prefix: string, local: string, attrs: string | undefined, text: string) =>
    (isSensitiveField(local) || isWrappedMessage(local, text)) && text.trim() !== '' ? `<${prefix}${local}${attrs ?? ''}>${REDACTED}</${prefix}${local}>` : whole);
}

function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 20) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (typeof value === 'string') return looksLikeXml(value) ? redactXml(value) : value;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSensitiveField(k) ? REDACTED : redactValue(v, depth + 1)]));
  }
  return value;
}

const looksLikeXml = (s: string) => /^\s*</.test(s);

/** A body as it may be logged: JSON, form and XML redacted, anything else cut to its size. */
export function redactBody(body: string | undefined, contentType: string | null | undefined, max = 2000): string | undefined {
  if (body === undefined || body === '') return body;
  const type = (contentType ?? '').toLowerCase();
  let out: string;
  if (type.includes('json') || /^\s*[{[]/.test(body)) {
    try {
      out = JSON.stringify(redactValue(JSON.parse(body)));
    } catch {
      out = `(${body.length} characters, not JSON)`;
    }
  } else if (type.includes('x-www-form-urlencoded')) {
    const params = new URLSearchParams(body);
    out = [...params.entries()].map(([k, v]) => `${k}=${isSensitiveField(k) ? REDACTED : looksLikeXml(v) ? redactXml(v) : v}`).join('&');
  } else if (type.includes('xml') || looksLikeXml(body)) {
    out = redactXml(body);
  } else {
    out = `(${body.length} characters of ${type || 'text'})`;
  }
  return out.length > max ? `${out.slice(0, max)}… (${out.length} characters)` : out;
}

/** A path with the values of sensitive query parameters redacted. */
export function redactPath(path: string): string {
  const q = path.indexOf('?');
  if (q < 0) return path;
  const params = new URLSearchParams(path.slice(q + 1));
  for (const [k] of params) if (isSensitiveField(k) || SECRET_HEADER.test(k)) params.set(k, REDACTED);
  return `${path.slice(0, q)}?${params.toString()}`;
}
