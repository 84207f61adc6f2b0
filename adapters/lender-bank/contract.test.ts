import { beforeAll, describe, expect, it } from 'vitest';
import { useSimulator } from '../kit/testing.js';
import { application } from '../lender/contract.js';
import { lenderContractSuite } from '../lender/contract.js';
import type { LenderPort } from '../lender/port.js';
import { eventOf, lenderSimulatorSuite, simulatorHarness } from '../lender/testing.js';
import { createLenderBankClient } from './client.js';
import { createLenderBankSimulator } from './simulator.js';

const TIME_SCALE = 86_400_000; // a business day lasts about 1 ms
const sim = useSimulator((callback) => createLenderBankSimulator({ timeScale: TIME_SCALE, callback }), { secret: 'lender-bank-callback-secret', path: '/callbacks/lender-bank' });
let port: LenderPort;
beforeAll(() => {
  port = createLenderBankClient({ baseUrl: sim.baseUrl });
});

lenderContractSuite('lender-bank', async () => simulatorHarness(sim, () => port, { offered: 'RECEIVABLE_9710', notOffered: 'STOCK_PLEDGE' }));

describe('lender-bank simulator', () => {
  lenderSimulatorSuite(sim, () => port, 'REFUND_BACKED');

  it('offers 70 % of a 9710 receivable at 4.50 % on ACT/360 with a 0.10 % fee', async () => {
    const req = application('RECEIVABLE_9710', { requestedAmount: '900000.00', financedValue: '1000000.00' });
    await port.apply(req, `${req.reference}:apply`);
    const { offer } = await eventOf(sim, req.reference, 'APPROVED');
    expect(offer).toMatchObject({ limit: '700000.00', ratioBp: 7_000, annualRateBp: 450, dayCount: 'ACT/360', fee: '700.00' });
  });

  it('caps one loan at CNY 5,000,000', async () => {
    const req = application('REFUND_BACKED', { requestedAmount: '9000000.00', financedValue: '10000000.00' });
    await port.apply(req, `${req.reference}:apply`);
    expect((await eventOf(sim, req.reference, 'APPROVED')).offer.limit).toBe('5000000.00');
  });
});
