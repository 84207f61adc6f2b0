// 1210 return windows (docs/reference/domain-rules.md §1.6 step 8, §2.2: CEB625 within 30 days of
// release, goods back in the centre within 45 days → no tax, quota restored).
import { describe, expect, it } from 'vitest';
import { DAY } from '../time.js';
import { goodsBackInTime, RETURN_APPLICATION_DAYS, RETURN_GOODS_BACK_DAYS } from './returns.js';

describe('1210 return windows', () => {
  const released = Date.parse('2026-12-01T10:00:00+08:00');

  it('are 30 days for the application and 45 days for the goods, both from release', () => {
    expect([RETURN_APPLICATION_DAYS, RETURN_GOODS_BACK_DAYS]).toEqual([30, 45]);
  });

  it('counts goods back on day 45 in time, one minute later not', () => {
    expect(goodsBackInTime(released, released + 45 * DAY, 1)).toBe(true);
    expect(goodsBackInTime(released, released + 45 * DAY + 60_000, 1)).toBe(false);
    expect(goodsBackInTime(released, released + 2 * DAY, 1)).toBe(true);
  });

  it('scales the window with the business clock (TIME_SCALE) and takes another number of days', () => {
    expect(goodsBackInTime(released, released + 44_000, 86_400)).toBe(true); // 44 business days = 44 s
    expect(goodsBackInTime(released, released + 46_000, 86_400)).toBe(false);
    expect(goodsBackInTime(released, released + 46_000, 86_400, 60)).toBe(true);
  });
});
