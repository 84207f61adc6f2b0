/**
 * Masking of a buyer's personal data where a trace shows it (PIPL: show no more than needed).
 * Only masked values ever leave the API in a trace; clear values stay in the shipment request.
 */

/** 张三 → 张*, 欧阳娜娜 → 欧***, Li Lei → L****** (first character, then one * per hidden character). */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  return chars[0]! + '*'.repeat(Math.max(1, chars.length - 1));
}

/**
 * 511702199003071238 → 5117********1238: the first four (province and city) and the last four
 * characters with a fixed eight stars between, so the birth date and the length stay hidden.
 */
export function maskIdNumber(id: string): string {
  const s = id.trim();
  if (s.length <= 8) return '*'.repeat(8);
  return `${s.slice(0, 4)}********${s.slice(-4)}`;
}

/** 13800000000 → 138****0000; anything shorter than 7 characters is fully hidden. */
export function maskPhone(phone: string): string {
  const s = phone.trim();
  if (s.length < 7) return '*'.repeat(4);
  return `${s.slice(0, 3)}****${s.slice(-4)}`;
}
