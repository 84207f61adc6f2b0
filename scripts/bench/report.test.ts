import { describe, expect, it } from 'vitest';
import { previousRun } from './report.js';

describe('previousRun', () => {
  const full = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (scripts/bench.ts, scripts/bench/) on 2026-12-06 09:53 UTC.',
    '**Full run.**',
    '',
    'Machine: 2 cores (AMD EPYC), 23.5 GiB RAM, Node v24.22.3. Other jobs may have shared this machine.',
    '',
    'Summary: actions/9610 30 (goal <= 30); end-to-end ratio 0.42 (6.67/s vs bare 16.03/s); api ratio 0.67 (p99 ×1.09).',
  ].join('\n');

  it("names the replaced full run's date, runtime and summary, so the new report shows both", () => {
    expect(previousRun(full)).toBe('2026-12-06 09:53 UTC, Node v24.22.3: actions/9610 30 (goal <= 30); end-to-end ratio 0.42 (6.67/s vs bare 16.03/s); api ratio 0.67 (p99 ×1.09)');
  });

  it('compares with no quick run and no report without a summary', () => {
    expect(previousRun(full.replace('**Full run.**', '**QUICK run: small sizes.**'))).toBeUndefined();
    expect(previousRun(full.replace(/^Summary:.*$/m, ''))).toBeUndefined();
  });
});
