/**
 * Business time vs real time. The real process waits days (a train crosses Eurasia in two
 * weeks); demos and tests shrink that with TIME_SCALE: a scale of 86,400 makes a business day
 * last one real second. Pure code: workflows use it to size timers, simulators to size delays.
 */
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Real milliseconds for a business duration, never below `floorMs` (timers need > 0). */
export function scaled(businessMs: number, timeScale: number, floorMs = 10): number {
  if (!(timeScale >= 1)) throw new RangeError(`timeScale must be >= 1, got ${timeScale}`);
  return Math.max(Math.round(businessMs / timeScale), floorMs);
}

/** China Standard Time (UTC+8, no daylight saving): customs and tax dates are China dates. */
const CHINA_OFFSET = 8 * HOUR;

/** The China calendar date ('YYYY-MM-DD') of an instant. */
export function chinaDate(at: Date | number): string {
  return new Date((typeof at === 'number' ? at : at.getTime()) + CHINA_OFFSET).toISOString().slice(0, 10);
}

/** The instant a China calendar date ('YYYY-MM-DD') begins. */
export function chinaDayStart(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - CHINA_OFFSET);
}
