/**
 * Customs code tables (JGS-20) used by the platform. Only the values confirmed by the references
 * are listed (ceb-messages.md §10); unit codes from 020 on conflict between public tables and are
 * marked uncertain there, so unknown codes fall back to the code itself.
 */
export const CURRENCY_CUSTOMS_CODE: Record<string, string> = {
  HKD: '110', JPY: '116', SGD: '132', EUR: '300', GBP: '303', CAD: '501', USD: '502', AUD: '601', CNY: '142',
};

const UNITS: Record<string, string> = {
  '001': '台', '006': '套', '007': '个', '008': '只', '011': '件', '012': '支', '015': '条', '025': '双', '035': '千克', '036': '克',
};

export function unitName(code: string): string {
  return UNITS[code] ?? code;
}

export function customsCurrency(iso: string): string {
  const code = CURRENCY_CUSTOMS_CODE[iso];
  if (!code) throw new RangeError(`no customs currency code for ${iso}`);
  return code;
}
