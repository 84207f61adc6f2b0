// Number formats, time formats (UTC+8), status codes and decimal formatting.
import { describe, expect, it } from 'vitest';
import { describeStatus, isProcessingError, isRejection, isTerminal, RECEIPT_STATUS } from './codes.js';
import { decimalDigits, formatDecimal } from './decimal.js';
import {
  formatAppTime, formatCebDate, formatReturnTime, isCebGuid, isInvtNo, isPreNo, makeInvtNo, makePreNo,
  newCebGuid, parseCebTime, parseInvtNo, parsePreNo,
} from './ids.js';

// 2024-01-31 16:30:05.123 UTC = 2024-02-01 00:30:05.123 in China (UTC+8).
const instant = new Date('2024-01-31T16:30:05.123Z');

describe('time formats', () => {
  it('default to China time (UTC+8) regardless of the host zone', () => {
    expect(formatAppTime(instant)).toBe('20240201003005');
    expect(formatReturnTime(instant)).toBe('20240201003005123');
    expect(formatCebDate(instant)).toBe('20240201');
  });

  it('take another offset in minutes', () => {
    expect(formatAppTime(instant, 0)).toBe('20240131163005');
    expect(formatReturnTime(instant, -300)).toBe('20240131113005123');
  });

  it('parse back 8/14/17-digit times and reject impossible ones', () => {
    expect(parseCebTime('20240201003005123')?.toISOString()).toBe('2024-01-31T16:30:05.123Z');
    expect(parseCebTime('20240201003005')?.toISOString()).toBe('2024-01-31T16:30:05.000Z');
    expect(parseCebTime('20240201', 0)?.toISOString()).toBe('2024-02-01T00:00:00.000Z');
    for (const bad of ['20240230', '20241301000000', '20240201246000', '2024020100300', 'abcdefgh']) {
      expect(parseCebTime(bad), bad).toBeUndefined();
    }
  });
});

describe('guid', () => {
  it('is a 36-char upper-case UUID', () => {
    const g = newCebGuid();
    expect(g).toHaveLength(36);
    expect(g).toBe(g.toUpperCase());
    expect(isCebGuid(g, true)).toBe(true);
    expect(newCebGuid('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe('0F8FAD5B-D9CB-469F-A165-70867728950E');
    expect(() => newCebGuid('not-a-uuid')).toThrow(RangeError);
  });

  it('accepts any 36-char id unless strict (real traffic uses non-UUID guids)', () => {
    expect(isCebGuid('CEB303_ZH_GZ_20230309112945042_67622')).toBe(true);
    expect(isCebGuid('CEB303_ZH_GZ_20230309112945042_67622', true)).toBe(false);
    expect(isCebGuid('311af125-6fed-4603-8c5d-49b1fa4b4b9b', true)).toBe(false);
    expect(isCebGuid('too-short')).toBe(false);
  });
});

describe('preNo and invtNo', () => {
  it('preNo = B + YYYYMMDD (China date) + 9-digit serial', () => {
    expect(makePreNo(instant, 494000227)).toBe('B20240201494000227');
    expect(makePreNo(instant, 7)).toBe('B20240201000000007');
    expect(() => makePreNo(instant, 1e9)).toThrow(RangeError);
    expect(isPreNo('B20200615494000227')).toBe(true);
    expect(isPreNo('C20200629524696153')).toBe(false);
    expect(parsePreNo('C20200629524696153')).toEqual({ prefix: 'C', date: '20200629', serial: '524696153' });
    expect(parsePreNo('P20180507000000001')?.prefix).toBe('P');
    expect(parsePreNo('B20201315494000227')).toBeUndefined();
  });

  it('invtNo = customs district + year + I/E + serial', () => {
    expect(makeInvtNo('7902', 2024, 'E', 123)).toBe('79022024E000000123');
    expect(makeInvtNo('7902', 2024, 'E', 123, 11)).toBe('79022024E00000000123');
    expect(() => makeInvtNo('790', 2024, 'E', 1)).toThrow(RangeError);
    expect(parseInvtNo('29242020I439440284')).toEqual({ customsCode: '2924', year: 2020, ieFlag: 'I', serial: '439440284' });
    expect(parseInvtNo('79202022I093777661')?.customsCode).toBe('7920');
    expect(isInvtNo('Invt20180507000001')).toBe(false);
  });
});

describe('receipt status codes', () => {
  it('name the national codes of §9.1', () => {
    expect(RECEIPT_STATUS['2']).toBe('E-port accepted (电子口岸申报中)');
    expect(Object.keys(RECEIPT_STATUS)).toEqual(expect.arrayContaining(['1', '2', '3', '4', '100', '120', '300', '399', '500', '800', '899']));
    expect(describeStatus('800')).toBe('Released (放行)');
    expect(describeStatus('1006')).toBe('Being sent to the E-port (正在发往电子口岸)');
    expect(describeStatus('-621004')).toBe('Processing error (处理异常)');
    expect(describeStatus('toString')).toBeUndefined();
  });

  it('classify rejections and terminal states', () => {
    expect(['100', '-1', '-301010', -621004].map(isRejection)).toEqual([true, true, true, true]);
    expect(['2', '120', '399', '800', '899', '', 'abc'].map(isRejection)).toEqual([false, false, false, false, false, false, false]);
    expect(isProcessingError('-1')).toBe(true);
    expect(isProcessingError('100')).toBe(false);
    expect(isTerminal('899', 'CEB604Message')).toBe(true);
    expect(isTerminal('800', 'CEB604Message')).toBe(false);
    expect(isTerminal('399', 'CEB604Message')).toBe(false);
    expect(isTerminal('399', 'CEB606Message')).toBe(true);
    expect(isTerminal('120', 'CEB304Message')).toBe(false);
    expect(isTerminal('100', 'CEB304Message')).toBe(true);
    expect(isTerminal('2')).toBe(false);
  });
});

describe('decimals', () => {
  it('formatDecimal never uses exponents and trims zeros', () => {
    expect(formatDecimal(13.89)).toBe('13.89');
    expect(formatDecimal(2)).toBe('2');
    expect(formatDecimal(0.1 + 0.2)).toBe('0.3');
    expect(formatDecimal(123.456789)).toBe('123.45679');
    expect(formatDecimal(1e-7)).toBe('0');
    expect(formatDecimal(-1e-7)).toBe('0');
    expect(formatDecimal(0.00001)).toBe('0.00001');
    expect(formatDecimal(1.5e-5, 5)).toBe('0.00002');
    expect(formatDecimal(1e21)).toBe('1000000000000000000000');
    // eslint-disable-next-line no-loss-of-precision -- a literal with more digits than a double holds, on purpose
    expect(formatDecimal(123456789.987654321, 2)).toBe('123456789.99');
    expect(formatDecimal(-42.5, 0)).toBe('-43');
    expect(() => formatDecimal(Number.NaN)).toThrow(RangeError);
  });

  it('decimalDigits counts in the value space', () => {
    expect(decimalDigits('0013.50000')).toEqual({ totalDigits: 3, fractionDigits: 1 });
    expect(decimalDigits('.5')).toEqual({ totalDigits: 1, fractionDigits: 1 });
    expect(decimalDigits('-0')).toEqual({ totalDigits: 1, fractionDigits: 0 });
    for (const bad of ['', '.', '1e5', '1,5', ' 1', '+-1', 'NaN']) expect(decimalDigits(bad), bad).toBeUndefined();
  });
});
