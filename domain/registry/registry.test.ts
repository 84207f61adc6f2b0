import { describe, expect, it } from 'vitest';
import { customsCodeProblem, normaliseCustomsCode } from './customs-code.js';
import { ENTERPRISE_ROLES, isEnterpriseRole, rolesProblems, sortRoles } from './roles.js';
import { isUsccFormat, normaliseUscc, usccCheckChar, usccProblem, usccWarning } from './uscc.js';

describe('Unified Social Credit Code (GB 32100-2015, §7.1)', () => {
  it('computes the check character of the standard worked example 91110000600037341L', () => {
    expect(usccCheckChar('91110000600037341')).toBe('L');
    expect(usccProblem('91110000600037341L')).toBeUndefined();
    expect(usccWarning('91110000600037341L')).toBeUndefined();
  });

  it('maps a remainder of 0 to the character 0 (31 → 0), not past the charset', () => {
    // find a body whose check is 0 by varying the last body character: exactly one of the 31 fits
    const bodies = Array.from('0123456789ABCDEFGHJKLMNPQRTUWXY', (c) => `9151170060003734${c}`);
    const zero = bodies.filter((b) => usccCheckChar(b) === '0');
    expect(zero).toHaveLength(1);
    expect(usccProblem(`${zero[0]}0`)).toBeUndefined();
  });

  it('turns a failed check into a warning naming the computed character (pilot-era code)', () => {
    expect(usccProblem('91350100M0001TGQXM')).toBe('CHECK_CHAR');
    expect(usccCheckChar('91350100M0001TGQX')).toBe('1');
    expect(usccWarning('91350100M0001TGQXM')).toMatch(/^USCC_CHECK_FAILED: check character M does not match the computed 1/);
  });

  it('refuses the shape: wrong length, letters I O Z S V, letters in the division code', () => {
    for (const bad of ['91110000600037341', '91110000600037341LL', '9111000060003734IL', '91110000600037O41L', '911A0000600037341L', '91110000600037341S']) {
      expect(usccProblem(bad)).toBe('FORMAT');
      expect(isUsccFormat(bad)).toBe(false);
    }
    expect(usccWarning('911A0000600037341L')).toBeUndefined(); // a format problem is a rejection, not a warning
    expect(() => usccCheckChar('9111000060003734')).toThrow(RangeError);
  });

  it('accepts letter authority codes (Y = others) and normalises what a person typed', () => {
    const first17 = 'Y1510100MA6C12345'.slice(0, 17);
    expect(usccProblem(`${first17}${usccCheckChar(first17)}`)).toBeUndefined();
    expect(normaliseUscc(' 91110000600037341l ')).toBe('91110000600037341L');
  });
});

describe('customs registration code (§7.3)', () => {
  it('is 10 characters: 6 digits, then a sequence that may hold letters', () => {
    expect(customsCodeProblem('5117960001')).toBeUndefined();
    expect(customsCodeProblem('4403169D3W')).toBeUndefined(); // Tenpay
    expect(customsCodeProblem(normaliseCustomsCode(' 4403169d3w '))).toBeUndefined();
  });
  it.each(['511796000', '51179600011', '51A7960001', '5117960-01', '5117960001 x', ''])('refuses %j', (bad) => {
    expect(customsCodeProblem(bad)).toBe('FORMAT');
  });
});

describe('enterprise roles (§1.2)', () => {
  it('knows the six parties of the CBEC messages', () => {
    expect(ENTERPRISE_ROLES).toEqual(['PLATFORM', 'ECOMMERCE', 'LOGISTICS', 'PAYMENT', 'DECLARING_AGENT', 'WAREHOUSE']);
    expect(isEnterpriseRole('LOGISTICS')).toBe(true);
    expect(isEnterpriseRole('logistics')).toBe(false);
  });
  it('reports unknown and repeated roles by index', () => {
    expect(rolesProblems(['ECOMMERCE', 'PLATFORM'])).toEqual([]);
    expect(rolesProblems(['ECOMMERCE', 'SHIPPER', 'ECOMMERCE'])).toEqual([
      { index: 1, problem: 'UNKNOWN' },
      { index: 2, problem: 'DUPLICATE' },
    ]);
  });
  it('sorts roles into the canonical order', () => {
    expect(sortRoles(['WAREHOUSE', 'PLATFORM', 'PAYMENT'])).toEqual(['PLATFORM', 'PAYMENT', 'WAREHOUSE']);
  });
});
