import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, webhookHeaders, webhookSignature } from './signing.js';

describe('Standard Webhooks signatures', () => {
  it('match the standardwebhooks package byte for byte', () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ id: 'evt_1', type: 'shipment.status_changed', data: { info: '已放行 released ✓' } });
    const at = new Date(1_796_000_000_000);
    expect(webhookSignature(secret, 'evt_1', 1_796_000_000, body)).toBe(new Webhook(secret).sign('evt_1', at, body));
  });

  it('match the specification example', () => {
    // the published example of the Standard Webhooks specification (spec/standard-webhooks.md)
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = '{"test": 2432232314}';
    expect(webhookSignature(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('verify with either secret during a rotation', () => {
    const [previous, next] = [newWebhookSecret(), newWebhookSecret()];
    const body = '{"id":"evt_2"}';
    const now = Math.floor(Date.now() / 1000);
    const headers = webhookHeaders([next, previous], 'evt_2', now, body);
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    for (const secret of [previous, next]) expect(new Webhook(secret).verify(body, headers)).toEqual({ id: 'evt_2' });
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });
});
