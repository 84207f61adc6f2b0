import type { Db } from '../client.js';
import { fenToCny, milestoneFor, periodOf, periodWindow, toFen, type Source } from '../../domain/statistics.js';
import { tradeStatistics } from './trade.js';

export interface PlanProgress {
  year: number;
  from: string;
  through: string;
  sources: Source[];
  figures: {
    tradeValueCny: string;
    exportValueCny: string;
    importValueCny: string;
    shipments: number;
    valuePendingShipments: number;
    activeEnterprises: number;
    registeredEnterprises: number;
  };
  milestone: ReturnType<typeof milestoneFor>;
}

/**
 * The zone's figures of a calendar year (to the current month for the running year) for the
 * plan's targets: trade value (import + export), active enterprises (at least one counted
 * shipment in the year) and registered enterprises (approved rows of the registry, created
 * before the year's end).
 */
export async function planProgress(db: Db, year: number, now: number = Date.now(), opts: { through?: string } = {}): Promise<PlanProgress> {
  const current = periodOf(now);
  const from = `${year}-01`;
  const through = opts.through ?? (`${year}-12` < current ? `${year}-12` : current);
  const stats = await tradeStatistics(db, { from, to: through, groupBy: ['enterprise', 'direction'], filters: {} }, now);
  let exportFen = 0n;
  let importFen = 0n;
  for (const r of stats.rows) {
    if (r.key.direction === 'import') importFen += toFen(r.valueCny);
    else exportFen += toFen(r.valueCny);
  }
  const registeredEnterprises = await db.enterprise.count({ where: { status: 'APPROVED', createdAt: { lt: new Date(periodWindow(`${year}-12`).end) } } });
  return {
    year,
    from,
    through,
    sources: stats.sources,
    figures: {
      tradeValueCny: stats.totals.valueCny,
      exportValueCny: fenToCny(exportFen),
      importValueCny: fenToCny(importFen),
      shipments: stats.totals.shipments,
      valuePendingShipments: stats.totals.valuePendingShipments,
      activeEnterprises: new Set(stats.rows.map((r) => r.key.enterprise)).size,
      registeredEnterprises,
    },
    milestone: milestoneFor(year),
  };
}
