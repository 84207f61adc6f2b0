/**
 * System-assigned numbers and time formats of the CEB messages (ceb-messages.md §1).
 *
 * Times: CEB timestamps carry no zone; they are China local time (UTC+8, no DST). Every
 * formatter takes a `Date` (an instant) and a UTC offset in minutes, default +480 (UTC+8),
 * so results do not depend on the host's time zone.
 */
import { randomUUID } from 'node:crypto';

/** China Standard Time, UTC+8, in minutes. */
export const CHINA_UTC_OFFSET_MINUTES = 480;

function parts(date: Date, utcOffsetMinutes: number) {
  const t = date.getTime();
  if (Number.isNaN(t)) throw new RangeError('invalid Date');
  const d = new Date(t + utcOffsetMinutes * 60_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return {
    y: p(d.getUTCFullYear(), 4), mo: p(d.getUTCMonth() + 1), da: p(d.getUTCDate()),
    h: p(d.getUTCHours()), mi: p(d.getUTCMinutes()), s: p(d.getUTCSeconds()), ms: p(d.getUTCMilliseconds(), 3),
  };
}

/** YYYYMMDD (ieDate, declTime; also the date inside preNo). */
export function formatCebDate(date: Date, utcOffsetMinutes = CHINA_UTC_OFFSET_MINUTES): string {
  const x = parts(date, utcOffsetMinutes);
  return `${x.y}${x.mo}${x.da}`;
}

/** YYYYMMDDhhmmss (appTime, accountingDate, leaveTime…). */
export function formatAppTime(date: Date, utcOffsetMinutes = CHINA_UTC_OFFSET_MINUTES): string {
  const x = parts(date, utcOffsetMinutes);
  return `${x.y}${x.mo}${x.da}${x.h}${x.mi}${x.s}`;
}

/** yyyyMMddHHmmssSSS, 17 chars (returnTime of receipts). */
export function formatReturnTime(date: Date, utcOffsetMinutes = CHINA_UTC_OFFSET_MINUTES): string {
  const x = parts(date, utcOffsetMinutes);
  return `${x.y}${x.mo}${x.da}${x.h}${x.mi}${x.s}${x.ms}`;
}

/**
 * Reads an 8-, 14- or 17-digit CEB timestamp given in local time at `utcOffsetMinutes`.
 * Returns undefined when the text is not such a timestamp or names an impossible date/time.
 */
export function parseCebTime(text: string, utcOffsetMinutes = CHINA_UTC_OFFSET_MINUTES): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})(\d{3})?)?$/.exec(text);
  if (!m || (text.length !== 8 && text.length !== 14 && text.length !== 17)) return undefined;
  const [y, mo, d, h = 0, mi = 0, s = 0, ms = 0] = m.slice(1).map((v) => (v === undefined ? undefined : +v));
  if (y === undefined || mo === undefined || d === undefined) return undefined;
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(utc);
  if (
    check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d ||
    check.getUTCHours() !== h || check.getUTCMinutes() !== mi || check.getUTCSeconds() !== s
  ) {
    return undefined;
  }
  return new Date(utc - utcOffsetMinutes * 60_000);
}

/**
 * A 36-char upper-case message/record guid from a UUID (spec: "36位系统唯一序号（英文字母大写）").
 * Receivers must not rely on the UUID shape: real traffic uses other 36-char ids (§1).
 */
export function newCebGuid(uuid: string = randomUUID()): string {
  const g = uuid.toUpperCase();
  if (!/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/.test(g)) {
    throw new RangeError(`not a UUID: ${uuid}`);
  }
  return g;
}

/** The only XSD rule for guid is length 36 (C36); `strict` also demands an upper-case UUID. */
export function isCebGuid(guid: string, strict = false): boolean {
  if (guid.length !== 36) return false;
  return !strict || /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/.test(guid);
}

function serialText(serial: number, digits: number, what: string): string {
  if (!Number.isSafeInteger(serial) || serial < 0 || serial >= 10 ** digits) {
    throw new RangeError(`${what}: serial ${serial} does not fit ${digits} digits`);
  }
  return String(serial).padStart(digits, '0');
}

/**
 * preNo (预录入编号) C18 = "B" + YYYYMMDD + 9-digit serial, e.g. B20200615494000227.
 * Only the B form is documented; fixtures also show C… (cancellation) and T… (refund)
 * prefixes whose meaning is uncertain — `parsePreNo` accepts any upper-case letter.
 */
export function makePreNo(date: Date, serial: number, utcOffsetMinutes = CHINA_UTC_OFFSET_MINUTES): string {
  return `B${formatCebDate(date, utcOffsetMinutes)}${serialText(serial, 9, 'preNo')}`;
}

export interface PreNoParts {
  prefix: string;
  date: string; // YYYYMMDD
  serial: string; // 9 digits
}
export function parsePreNo(preNo: string): PreNoParts | undefined {
  const m = /^([A-Z])(\d{8})(\d{9})$/.exec(preNo);
  if (!m || !m[1] || !m[2] || !m[3] || !parseCebTime(m[2])) return undefined;
  return { prefix: m[1], date: m[2], serial: m[3] };
}
/** True for the documented form B + valid YYYYMMDD + 9 digits. */
export function isPreNo(preNo: string): boolean {
  return parsePreNo(preNo)?.prefix === 'B';
}

/**
 * invtNo (清单编号) = 4-digit customs district + 4-digit year + I/E + serial
 * (9 digits, 18 chars; 202205 allows 9–11 digits, C..20), e.g. 29242020I439440284.
 */
export function makeInvtNo(
  customsCode: string, year: number, ieFlag: 'I' | 'E', serial: number, serialDigits: 9 | 10 | 11 = 9,
): string {
  if (!/^\d{4}$/.test(customsCode)) throw new RangeError(`invtNo: customs code must be 4 digits: ${customsCode}`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`invtNo: bad year ${year}`);
  return `${customsCode}${year}${ieFlag}${serialText(serial, serialDigits, 'invtNo')}`;
}

export interface InvtNoParts {
  customsCode: string;
  year: number;
  ieFlag: 'I' | 'E';
  serial: string;
}
export function parseInvtNo(invtNo: string): InvtNoParts | undefined {
  const m = /^(\d{4})(\d{4})([IE])(\d{9,11})$/.exec(invtNo);
  if (!m || !m[1] || !m[2] || !m[4]) return undefined;
  return { customsCode: m[1], year: +m[2], ieFlag: m[3] === 'I' ? 'I' : 'E', serial: m[4] };
}
export function isInvtNo(invtNo: string): boolean {
  return parseInvtNo(invtNo) !== undefined;
}
