import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { admissionLimits } from './admission-sample.js';

describe('admissionLimits', () => {
  it('holds the working set to 80 % of the worker cache unless ADMISSION_MAX_MOVING says otherwise', () => {
    const at = (env: Record<string, string>) => admissionLimits(loadConfig({ CBEC_ENV: 'development', ...env }));
    expect(at({})).toMatchObject({ maxMoving: 400, movingWindowMs: 20_000, maxBacklog: 500 });
    expect(at({ WORKER_MAX_CACHED_WORKFLOWS: '2000' }).maxMoving).toBe(1600);
    expect(at({ WORKER_MAX_CACHED_WORKFLOWS: '2000', ADMISSION_MAX_MOVING: '3000' }).maxMoving).toBe(3000);
    expect(() => at({ ADMISSION_MAX_MOVING: '0' })).toThrow(/ADMISSION_MAX_MOVING/);
  });
});
