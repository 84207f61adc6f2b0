import { beforeAll, describe, expect, it } from 'vitest';
import { useSimulator } from '../kit/testing.js';
import { application, lenderContractSuite } from '../lender/contract.js';
import type { LenderPort } from '../lender/port.js';
import { eventOf, lenderSimulatorSuite, simulatorHarness } from '../lender/testing.js';
import { createLenderFinClient } from './client.js';
import { createLenderFinSimulator } from './simulator.js';

const TIME_SCALE = 86_400_000; // a business day lasts about 1 ms
const sim = useSimulator((callback) => createLenderFinSimulator({ timeScale: TIME_SCALE, callback }), { secret: 'lender-fin-callback-secret', path: '/callbacks/lender-fin' });
let port: LenderPort;
beforeAll(() => {
  port = createLenderFinClient({ baseUrl: sim.baseUrl });
});

lenderContractSuite('lender-fin', async () => simulatorHarness(sim, () => port, { offered: 'RECEIVABLE_9810_SALES' }));

describe('lender-fin simulator', () => {
  lenderSimulatorSuite(sim, () => port, 'STOCK_PLEDGE');

  it('takes stock pledges at 55 % and charges 9.00 % with a 0.50 % fee', async () => {
    const req = application('STOCK_PLEDGE', { requestedAmount: '100000.00', financedValue: '140000.00' });
    await port.apply(req, `${req.reference}:apply`);
    expect((await eventOf(sim, req.reference, 'APPROVED')).offer).toMatchObject({ limit: '77000.00', ratioBp: 5_500, annualRateBp: 900, fee: '385.00' });
  });

  it('lends in USD on ACT/360 but not in EUR', async () => {
    const usd = application('RECEIVABLE_9710', { currency: 'USD', requestedAmount: '7500.00', financedValue: '10000.00' });
    await port.apply(usd, `${usd.reference}:apply`);
    expect((await eventOf(sim, usd.reference, 'APPROVED')).offer).toMatchObject({ currency: 'USD', limit: '7500.00', dayCount: 'ACT/360' });
    const eur = application('RECEIVABLE_9710', { currency: 'EUR' });
    await expect(port.apply(eur, `${eur.reference}:apply`)).rejects.toMatchObject({ code: 'LENDER.CURRENCY_NOT_SUPPORTED' });
  });
});
