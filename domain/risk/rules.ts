/**
 * Risk rules (docs/reference/domain-rules.md §6.3), pure and versioned: each takes the shipment being checked and
 * the relevant earlier shipments and explains every hit. `HOLD` hits keep the shipment waiting
 * for ops review before anything is declared; `REVIEW` hits are listed for ops without holding.
 * Thresholds are the zone's choice (⚠ the references name the patterns, not numbers, except the
 * 30 % price deviation seen in a public configuration): they are data, with a version per rule.
 */
export type Severity = 'REVIEW' | 'HOLD';

export interface RiskLine {
  sku: string;
  hsCode: string;
  qty: number;
  unitPrice: number;
  currency: string;
}

/** What the rules know about a shipment (personal data only as hashes). */
export interface RiskSubject {
  shipmentId: string;
  enterpriseId: string;
  mode: string;
  createdAt: string;
  lines: RiskLine[];
  /** 1210: hashed buyer, payer and consignee contacts, and the order's dutiable CNY. */
  buyer?: { idHash: string; payerIsBuyer: boolean; phoneHash: string; addressHash: string; dutiableCny: number };
}

export interface RiskHistory {
  /** 1210 orders (of any enterprise) sharing the subject's buyer, phone or address, before it. */
  related: RiskSubject[];
  /** Recent unit prices of the subject's HS codes, per `${hsCode}:${currency}` (other shipments). */
  prices: Record<string, number[]>;
  /** Skus the same enterprise moved the other way (export vs import) within the window. */
  otherDirectionSkus: string[];
}

export interface RiskHit {
  ruleId: string;
  version: number;
  severity: Severity;
  /** What the enterprise may read (its timeline): its own data only, never another enterprise's shipments or figures. */
  explanation: string;
  /** For ops only (RiskHit.detail): the figures and ids behind the hit, which may be other enterprises'. */
  detail?: string | undefined;
}

/** A rule's finding: the enterprise's text, and the ops-only detail where the rule read other shipments. */
export interface RiskFinding {
  explanation: string;
  detail?: string;
}

export interface RiskRule {
  id: string;
  version: number;
  severity: Severity;
  description: string;
  check(s: RiskSubject, h: RiskHistory): RiskFinding | undefined;
}

const DAY = 86_400_000;
const within = (s: RiskSubject, o: RiskSubject, days: number) => Date.parse(s.createdAt) - Date.parse(o.createdAt) <= days * DAY && o.shipmentId !== s.shipmentId;
const cny = (n: number) => n.toFixed(2);

export const RISK_RULES: readonly RiskRule[] = [
  {
    id: 'SPLIT_ORDERS',
    version: 1,
    severity: 'HOLD',
    description: '1210: one buyer\'s orders within 24 h that together exceed the CNY 5,000 single limit (化整为零)',
    check(s, h) {
      if (!s.buyer) return undefined;
      const same = h.related.filter((o) => o.buyer?.idHash === s.buyer!.idHash && within(s, o, 1));
      const total = same.reduce((t, o) => t + (o.buyer?.dutiableCny ?? 0), s.buyer.dutiableCny);
      if (same.length === 0 || total <= 5000) return undefined;
      return {
        explanation: 'orders of the same buyer within 24 h together exceed the CNY 5,000 single-transaction limit',
        detail: `${same.length + 1} orders of the same buyer within 24 h total CNY ${cny(total)} (> 5,000): ${same.map((o) => `${o.shipmentId} (CNY ${cny(o.buyer?.dutiableCny ?? 0)})`).join(', ')}`,
      };
    },
  },
  {
    id: 'HIGH_FREQUENCY_BUYER',
    version: 1,
    severity: 'REVIEW',
    description: '1210: a buyer with 5 or more orders within 7 days',
    check(s, h) {
      if (!s.buyer) return undefined;
      const same = h.related.filter((o) => o.buyer?.idHash === s.buyer!.idHash && within(s, o, 7));
      if (same.length + 1 < 5) return undefined;
      return { explanation: 'the same buyer ordered 5 or more times within 7 days', detail: `${same.length + 1} orders of the same buyer within 7 days: ${same.map((o) => o.shipmentId).join(', ')}` };
    },
  },
  {
    id: 'SHARED_CONTACT',
    version: 1,
    severity: 'HOLD',
    description: '1210: a consignee phone or address shared by 3 or more different buyers within 30 days',
    check(s, h) {
      if (!s.buyer) return undefined;
      const recent = h.related.filter((o) => within(s, o, 30) && o.buyer);
      const sharing = (key: 'phoneHash' | 'addressHash') => recent.filter((o) => o.buyer![key] === s.buyer![key]);
      const buyers = (os: RiskSubject[]) => new Set([s.buyer!.idHash, ...os.map((o) => o.buyer!.idHash)]).size;
      for (const [key, what] of [['phoneHash', 'phone'], ['addressHash', 'address']] as const) {
        const others = sharing(key);
        if (buyers(others) >= 3) {
          return {
            explanation: `the consignee ${what} is used by 3 or more different buyers within 30 days`,
            detail: `the consignee ${what} is used by ${buyers(others)} different buyers within 30 days: ${others.map((o) => o.shipmentId).join(', ')}`,
          };
        }
      }
      return undefined;
    },
  },
  {
    id: 'BUYER_NOT_PAYER',
    version: 1,
    severity: 'REVIEW',
    description: '1210: the payer is not the buyer (allowed only with a verified buyer identity)',
    check: (s) => (s.buyer && !s.buyer.payerIsBuyer ? { explanation: 'the payment comes from someone other than the buyer' } : undefined),
  },
  {
    id: 'PRICE_ANOMALY',
    version: 1,
    severity: 'REVIEW',
    description: 'a unit price more than 30 % below or above the median of the HS code\'s recent declarations (at least 5)',
    check(s, h) {
      for (const l of s.lines) {
        const prices = h.prices[`${l.hsCode}:${l.currency}`] ?? [];
        if (prices.length < 5) continue;
        const m = median(prices);
        if (m > 0 && Math.abs(l.unitPrice - m) / m > 0.3) {
          // the median is of every enterprise's declarations: a figure for ops, not for the enterprise
          return {
            explanation: `${l.sku} (${l.hsCode}) at ${l.unitPrice} ${l.currency} is more than 30 % off the recent declared prices of its HS code`,
            detail: `${l.sku} (${l.hsCode}) at ${l.unitPrice} ${l.currency} is ${Math.round(((l.unitPrice - m) / m) * 100)} % off the median ${m} of ${prices.length} recent declarations`,
          };
        }
      }
      return undefined;
    },
  },
  {
    id: 'ROUND_TRIP',
    version: 1,
    severity: 'REVIEW',
    description: 'the same SKU exported and imported by one enterprise within 90 days (round-tripping)',
    check(s, h) {
      const skus = s.lines.map((l) => l.sku).filter((sku) => h.otherDirectionSkus.includes(sku));
      return skus.length > 0 ? { explanation: `${skus.join(', ')} also moved the other way within 90 days` } : undefined;
    },
  },
];

export function evaluateRisk(subject: RiskSubject, history: RiskHistory, rules: readonly RiskRule[] = RISK_RULES): RiskHit[] {
  return rules.flatMap((r) => {
    const finding = r.check(subject, history);
    return finding ? [{ ruleId: r.id, version: r.version, severity: r.severity, ...finding }] : [];
  });
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
