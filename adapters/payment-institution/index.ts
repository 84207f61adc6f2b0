/**
 * A licensed cross-border payment institution (支付机构) behind the platform's BankPort:
 * `createPaymentInstitutionClient(opts): PaymentInstitutionPort` (a BankPort whose settle adds fee,
 * quota rule and BOP code), `createPaymentInstitutionSimulator(opts: SimulatorOptions | …): Simulator`.
 */
export {
  createPaymentInstitutionClient,
  PaymentInstitutionErrorCode,
  PaymentInstitutionSettlementSchema,
  type PaymentInstitutionClientOptions,
  type PaymentInstitutionPort,
  type PaymentInstitutionSettlement,
} from './client.js';
export {
  createPaymentInstitutionSimulator,
  DEFAULT_MERCHANTS,
  PI_FUNDS_DELAY_MS,
  PI_QUOTE_VALIDITY_MS,
  type Merchant,
  type PaymentInstitutionSimulatorOptions,
} from './simulator.js';
export { bopFor, DEFAULT_RULES, QuotaRule, quotaRuleFor, type BopChoice, type PaymentInstitutionRules, type SellerType } from './rules.js';
export { MERCHANT_HEADER, PayoutFundsWebhookSchema, toFundsReceivedEvent, type PayoutFundsWebhook } from './wire.js';
