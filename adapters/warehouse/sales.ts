/**
 * Sales arithmetic of the overseas warehouse simulator: how much of what is left sells in a
 * batch, and what it sells for (exact decimal strings, no floating point).
 */

/** Units sold in a batch: `share` of what is left, rounded up, at least `floor` (≥ 1), at most what is left. */
export function batchQty(left: number, share: number, floor = 1): number {
  // the epsilon keeps float noise (10 × 0.3 = 3.0000000000000004) from rounding up a whole unit
  return Math.min(left, Math.max(1, floor, Math.ceil(left * share - 1e-9)));
}

function parseDecimal(s: string): { units: bigint; scale: number } {
  if (!/^\d+(\.\d+)?$/.test(s)) throw new RangeError(`not a decimal string: ${s}`);
  const [int = '0', frac = ''] = s.split('.');
  return { units: BigInt(int + frac), scale: frac.length };
}

/** qty × unitPrice × markup, rounded half up to 2 decimals, as a decimal string ("1234.50"). */
export function saleAmount(qty: number, unitPrice: string, markup: string): string {
  const p = parseDecimal(unitPrice);
  const m = parseDecimal(markup);
  const scale = p.scale + m.scale;
  const exact = BigInt(qty) * p.units * m.units;
  const cents = scale >= 2 ? (exact + 10n ** BigInt(scale - 2) / 2n) / 10n ** BigInt(scale - 2) : exact * 10n ** BigInt(2 - scale);
  const s = cents.toString().padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}
