import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('runs on embedded defaults', () => {
    const c = loadConfig({ CBEC_ENV: 'development' });
    expect(c.PORT).toBe(3000);
    expect(c.TEMPORAL_ADDRESS).toBe('127.0.0.1:7233');
    expect(c.TIME_SCALE).toBe(1);
    expect(c.WORKER_MAX_CACHED_WORKFLOWS).toBe(500);
    expect(c.WORKER_WORKFLOW_THREADS).toBe(2);
  });

  it('takes a worker cache size and refuses one that caches nothing', () => {
    expect(loadConfig({ CBEC_ENV: 'development', WORKER_MAX_CACHED_WORKFLOWS: '12000' }).WORKER_MAX_CACHED_WORKFLOWS).toBe(12_000);
    expect(() => loadConfig({ CBEC_ENV: 'development', WORKER_MAX_CACHED_WORKFLOWS: '0' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
  });

  it('chooses the Single Window transport; dxp needs a DXP_ID that fits DxpMsg SenderId (C..16, ceb-messages.md §3.1)', () => {
    expect(loadConfig({ CBEC_ENV: 'development' }).SINGLE_WINDOW_TRANSPORT).toBe('gateway');
    expect(loadConfig({ CBEC_ENV: 'development', SINGLE_WINDOW_TRANSPORT: 'dxp', DXP_ID: 'DXPENT0000000042' }).SINGLE_WINDOW_TRANSPORT).toBe('dxp');
    expect(() => loadConfig({ CBEC_ENV: 'development', SINGLE_WINDOW_TRANSPORT: 'dxp', DXP_ID: 'DXPENT00000000000042' })).toThrow(/DXP_ID: with SINGLE_WINDOW_TRANSPORT=dxp/);
    expect(() => loadConfig({ CBEC_ENV: 'development', SINGLE_WINDOW_TRANSPORT: 'mq' })).toThrow(/SINGLE_WINDOW_TRANSPORT/);
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ CBEC_ENV: 'development', PORT: 'abc', DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    try {
      loadConfig({ CBEC_ENV: 'development', PORT: 'abc', DATABASE_URL: 'mysql://x' });
    } catch (err) {
      expect((err as Error).message).toMatch(/PORT/);
      expect((err as Error).message).toMatch(/DATABASE_URL/);
    }
  });

  it('never prints secrets', () => {
    const c = loadConfig({ CBEC_ENV: 'development', DEMO_API_KEY: 'super-secret-key-1' });
    expect(JSON.stringify(c)).not.toContain('super-secret-key-1');
    expect(`${c.DEMO_API_KEY}`).toBe('[redacted]');
    expect(c.DEMO_API_KEY?.reveal()).toBe('super-secret-key-1');
  });
});
