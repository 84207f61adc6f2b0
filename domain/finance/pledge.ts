/**
 * Stock pledge (仓单质押, issue 20): which pledged units a repayment lets go. Units are released
 * pro rata to the principal repaid: each line keeps locked ⌈pledged × outstanding ÷ disbursed⌉
 * units (rounded up, so the lender is never left under-collateralised by rounding), every unit
 * once nothing is outstanding. ASSUMPTION (no source; the usual 按比例解押 of pledge contracts).
 */
export interface PledgedLine {
  sku: string;
  /** Units pledged at the start. */
  pledged: number;
  /** Units still locked (pledged − released − reported sold while pledged). */
  locked: number;
}

/** Units to release per SKU now, for a loan with `outstanding` of `disbursed` principal left (minor units). */
export function proRataRelease(lines: readonly PledgedLine[], disbursed: number, outstanding: number): { sku: string; qty: number }[] {
  if (disbursed <= 0) throw new RangeError('a pledge releases against a disbursed loan');
  const left = Math.max(0, Math.min(outstanding, disbursed));
  return lines
    .map((l) => ({ sku: l.sku, qty: l.locked - Math.min(l.locked, keep(l.pledged, left, disbursed)) }))
    .filter((r) => r.qty > 0);
}

function keep(pledged: number, outstanding: number, disbursed: number): number {
  if (outstanding === 0) return 0;
  const [p, o, d] = [BigInt(pledged), BigInt(outstanding), BigInt(disbursed)];
  return Number((p * o + d - 1n) / d);
}
