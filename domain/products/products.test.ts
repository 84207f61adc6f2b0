import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskName, maskPhone } from './mask.js';
import { batchDateProblems, hsCodeProblem, originProblem } from './product.js';

describe('product registration rules (§7.4)', () => {
  it('takes a 10-digit commodity code in an HS chapter 01–97 other than 77', () => {
    expect(hsCodeProblem('0902300000')).toBeUndefined();
    expect(hsCodeProblem('9701100000')).toBeUndefined();
    expect(hsCodeProblem('090230')).toBe('FORMAT');
    expect(hsCodeProblem('09023000001')).toBe('FORMAT');
    expect(hsCodeProblem('09023000AB')).toBe('FORMAT');
    expect(hsCodeProblem('0002300000')).toBe('CHAPTER');
    expect(hsCodeProblem('7701000000')).toBe('CHAPTER');
    expect(hsCodeProblem('9801000000')).toBe('CHAPTER');
  });
  it('takes the origin as a 3-digit customs country code', () => {
    expect(originProblem('142')).toBeUndefined();
    expect(originProblem('601')).toBeUndefined();
    for (const bad of ['CN', 'CHN', '14', '1420', '000']) expect(originProblem(bad)).toBe('FORMAT');
  });
  it('checks batch dates: real days, expiry not before production', () => {
    expect(batchDateProblems({ producedOn: '2026-01-10', expiresOn: '2028-01-09' })).toEqual([]);
    expect(batchDateProblems({})).toEqual([]);
    expect(batchDateProblems({ producedOn: '2026-02-30' })).toEqual([{ field: 'producedOn', message: 'a calendar day YYYY-MM-DD' }]);
    expect(batchDateProblems({ producedOn: '2026-03-01', expiresOn: '2026-02-28' })).toEqual([{ field: 'expiresOn', message: 'cannot be before producedOn' }]);
  });
});

describe('masking a buyer in a trace', () => {
  it('keeps the first character of a name', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('张')).toBe('张*');
    expect(maskName(' Li Lei ')).toBe('L*****');
  });
  it('keeps four characters at each end of an ID number, eight stars between', () => {
    expect(maskIdNumber('511702199003071238')).toBe('5117********1238');
    expect(maskIdNumber('11010519491231002X')).toBe('1101********002X');
    expect(maskIdNumber('1234')).toBe('********');
  });
  it('keeps the first three and last four digits of a phone', () => {
    expect(maskPhone('13800000000')).toBe('138****0000');
    expect(maskPhone('12345')).toBe('****');
  });
});
