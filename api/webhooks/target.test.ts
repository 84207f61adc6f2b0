import { describe, expect, it } from 'vitest';
import { isPublicAddress, resolveTarget } from './target.js';

const production = { development: false };

describe('webhook targets outside development', () => {
  it.each([
    ['http://example.com/hook', 'WEBHOOK_URL_NOT_HTTPS'],
    ['ftp://example.com/hook', 'WEBHOOK_URL_NOT_HTTPS'],
    ['not a url', 'WEBHOOK_URL_INVALID'],
    ['https://user:pw@example.com/hook', 'WEBHOOK_URL_INVALID'],
    ['https://127.0.0.1/hook', 'WEBHOOK_URL_PRIVATE'],
    ['https://2130706433/hook', 'WEBHOOK_URL_PRIVATE'], // 127.0.0.1 as one number
    ['https://0x7f.1/hook', 'WEBHOOK_URL_PRIVATE'],
    ['https://10.1.2.3/hook', 'WEBHOOK_URL_PRIVATE'],
    ['https://172.20.0.1/hook', 'WEBHOOK_URL_PRIVATE'],
    ['https://192.168.1.1/hook', 'WEBHOOK_URL_PRIVATE'],
    ['https://169.254.169.254/latest/meta-data', 'WEBHOOK_URL_PRIVATE'], // cloud metadata
    ['https://100.64.0.1/hook', 'WEBHOOK_URL_PRIVATE'],
    ['https://0.0.0.0/hook', 'WEBHOOK_URL_PRIVATE'],
    ['https://[::1]/hook', 'WEBHOOK_URL_PRIVATE'],
    ['https://[::]/hook', 'WEBHOOK_URL_PRIVATE'],
    ['https://[fe80::1]/hook', 'WEBHOOK_URL_PRIVATE'],
    ['https://[fd00::1]/hook', 'WEBHOOK_URL_PRIVATE'],
    ['https://[::ffff:127.0.0.1]/hook', 'WEBHOOK_URL_PRIVATE'], // IPv4-mapped
    ['https://[::ffff:a9fe:a9fe]/hook', 'WEBHOOK_URL_PRIVATE'], // 169.254.169.254 mapped, in hex
    ['https://[64:ff9b::a00:1]/hook', 'WEBHOOK_URL_PRIVATE'], // NAT64 of 10.0.0.1
    ['https://localhost/hook', 'WEBHOOK_URL_PRIVATE'],
  ])('refuses %s (%s)', async (url, code) => {
    await expect(resolveTarget(url, production)).rejects.toMatchObject({ code });
  });

  it('accepts a public address and connects to the address it checked', async () => {
    const t = await resolveTarget('https://93.184.215.14:8443/hooks?x=1', production);
    expect(t).toMatchObject({ address: '93.184.215.14', family: 4 });
    expect(t.url.host).toBe('93.184.215.14:8443');
    expect(isPublicAddress('2606:4700::1111')).toBe(true);
  });

  it('allows plain HTTP and loopback in development only', async () => {
    await expect(resolveTarget('http://127.0.0.1:9999/hook', { development: true })).resolves.toMatchObject({ address: '127.0.0.1' });
  });
});
