import { z } from 'zod';
import { parsePayloadKeys } from '../codec/keys.js';
import { isEvidenceSeed } from './evidence-key.js';
import { DEV_SECRETS, productionProblems, runMode } from './secrets.js';
import { RETENTION_FLOOR_DAYS } from '../domain/retention.js';
import type { RegisteredSystem } from '../adapters/catalogue.js';
import { secretVar, urlVar } from '../adapters/kit/system.js';
import { SYSTEM_DEV_SECRETS, SYSTEM_URL_DEFAULTS, type SystemSecretName, type SystemUrlName } from './systems.js';

/** A secret that never prints itself (logs, JSON, string interpolation all show [redacted]). */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[redacted]';
  }
  toJSON(): string {
    return '[redacted]';
  }
}

/** A secret: no default here; development fills in DEV_SECRETS, production checks it (config/secrets.ts). */
const secret = () => z.string().min(8).transform((v) => new Secret(v));
const url = (fallback: string) => z.url().default(fallback);
const int = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);
const TASK_SLOTS_DEFAULT = 40;
const STICKY_TIMEOUT_DEFAULT = 60_000;

/** `<PREFIX>_URL` and `<PREFIX>_CALLBACK_SECRET` of every registered outside system (config/systems.ts). */
const systemUrls = Object.fromEntries(Object.entries(SYSTEM_URL_DEFAULTS).map(([name, fallback]) => [name, url(fallback)])) as Record<SystemUrlName, ReturnType<typeof url>>;
const systemSecrets = Object.fromEntries(Object.keys(SYSTEM_DEV_SECRETS).map((name) => [name, secret()])) as Record<SystemSecretName, ReturnType<typeof secret>>;

/**
 * Every setting, from the environment, parsed once per process by the composition roots
 * (api/server.ts, worker/main.ts, scripts/). Defaults are the embedded `npm start` setup. Secrets
 * have public defaults only in development (CBEC_ENV=development on a loopback HOST); anything
 * else is production, where every secret must be set and strong (config/secrets.ts).
 */
export const ConfigSchema = z.object({
  /** `development` switches development defaults on (only with a loopback HOST); anything else is production. */
  CBEC_ENV: z.enum(['development', 'production']).default('production'),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('cbec-shipments'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL').optional(),
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).optional(),
  HOST: z.string().default('127.0.0.1'),
  PORT: int(3000, 0, 65535),
  PUBLIC_URL: url('http://127.0.0.1:3000'),
  TIME_SCALE: z.coerce.number().min(1).max(1e9).default(1),
  /** How often the API looks for shipments past their status's service level (api/sla-watch.ts), in real ms; 0: never. */
  SLA_WATCH_MS: int(5000, 0, 3_600_000),
  /** How often the API sends due webhook deliveries (api/webhooks/delivery.ts), in real ms; 0: never. */
  WEBHOOK_DELIVERY_MS: int(1000, 0, 3_600_000),
  /** Webhook requests in flight to one endpoint at once, across every API process (docs/webhooks.md "Delivery"). */
  WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT: int(4, 1, 64),
  /** Days an event stays in GET /v1/events (and can be replayed); older ones are removed by the delivery loop. */
  EVENT_RETENTION_DAYS: int(30, 1, 3650),
  /** Failed deliveries after which a stored callback is dead-lettered for ops (api/callbacks/inbox.ts). */
  CALLBACK_MAX_ATTEMPTS: int(10, 1, 1000),
  /** How often the API delivers stored callbacks that were not delivered yet (api/callbacks/process.ts), in real ms; 0: never. */
  CALLBACK_REDELIVERY_MS: int(5000, 0, 3_600_000),
  /**
   * How often the `receipt-recovery` Schedule reads the Single Window's receipts back to find those
   * whose callback never arrived (workflows/receipt-recovery.workflow.ts; gateway transport), in seconds; 0: never.
   */
  RECEIPT_QUERY_EVERY_S: int(60, 0, 86_400),
  /** Age a receipt reaches before that query takes it (seconds): longer than the gateway's six callback attempts. */
  RECEIPT_QUERY_LAG_S: int(120, 0, 86_400),
  /** The demo enterprise's API key (`npm start`, `npm run demo`); optional in production. */
  DEMO_API_KEY: secret().optional(),
  OPS_API_KEY: secret(),
  ...systemUrls,
  /**
   * How CEB messages reach the Single Window (adapters/single-window/README.md): `gateway`, the
   * Chengdu gateway's form POST to SINGLE_WINDOW_URL; `dxp`, the national DXP route: DxpMsg
   * envelopes by AS2 to the DXP transport node at SINGLE_WINDOW_URL, sent as DXP_ID (≤16
   * characters, the terminal-node id China E-port assigns). Receipts come back on the callback route either way.
   */
  SINGLE_WINDOW_TRANSPORT: z.enum(['gateway', 'dxp']).default('gateway'),
  /** The platform's merchant id at the payment institution (sent as x-pi-merchant-id). */
  PAYMENT_INSTITUTION_MERCHANT_ID: z.string().min(1).max(64).default('M-ENT-0001'),
  ...systemSecrets,
  /**
   * Key of the HMAC under which buyers' ID numbers are stored for the 1210 annual quota
   * (db/quota.ts): a plain hash of an 18-digit ID can be reversed by enumeration. Changing it
   * loses the quota already counted.
   */
  BUYER_ID_HASH_KEY: secret(),
  ADAPTER_TIMEOUT_MS: int(10_000, 100, 120_000),
  /** Requests a minute per authenticated identity (enterprise, ops person; api/rate-limit.ts); over it the API answers 429 RATE_LIMITED. */
  RATE_LIMIT_PER_MINUTE: int(6000, 1, 100_000_000),
  /** Requests a minute per client address without a valid key (registration, /health, /codec, unknown keys, unsigned callbacks). */
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: int(600, 1, 100_000_000),
  /** Signed callbacks a minute per outside system: far above a burst of 10,000 milestones. */
  RATE_LIMIT_CALLBACKS_PER_MINUTE: int(60_000, 1, 100_000_000),
  /**
   * Admission control (api/admission.ts): POST /v1/shipments answers 429 OVERLOADED with a
   * Retry-After while the shipment task queue's backlog (workflow and activity tasks waiting for
   * a worker, as the Temporal server counts them) is at ADMISSION_MAX_BACKLOG tasks or its oldest
   * task is ADMISSION_MAX_BACKLOG_AGE_MS old, read at most every ADMISSION_SAMPLE_MS. Retry-After
   * is the time the workers, at their observed drain rate, need to take the backlog down to half
   * the limit (1 s to ADMISSION_MAX_RETRY_AFTER_S). On by default, `npm start` included.
   * It also refuses while ADMISSION_MAX_MOVING or more open shipments moved within the last
   * ADMISSION_MOVING_WINDOW_MS (db/working-set.ts): their next steps go to the workers' sticky
   * queues, which the backlog does not count, and beyond what the workers' caches hold every
   * step replays its history. Unset, ADMISSION_MAX_MOVING is 80 % of WORKER_MAX_CACHED_WORKFLOWS
   * (one worker, as `npm start` runs); with more workers, set it to 80 % of their caches summed.
   */
  ADMISSION_CONTROL: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  ADMISSION_MAX_BACKLOG: int(500, 1, 10_000_000),
  ADMISSION_MAX_BACKLOG_AGE_MS: int(60_000, 1000, 86_400_000),
  ADMISSION_SAMPLE_MS: int(2000, 100, 600_000),
  ADMISSION_MAX_RETRY_AFTER_S: int(60, 1, 3600),
  ADMISSION_MAX_MOVING: z.coerce.number().int().min(1).max(100_000_000).optional(),
  ADMISSION_MOVING_WINDOW_MS: int(20_000, 1000, 3_600_000),
  /**
   * The reverse proxy in front of the API (an address or CIDR, comma-separated): only then is
   * X-Forwarded-For used as the client address; unset: the socket's address.
   */
  TRUST_PROXY: z
    .string()
    .regex(/^[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*$/, 'addresses or CIDRs of the reverse proxy, comma-separated')
    .optional(),
  CUSTOMS_CODE: z.string().regex(/^\d{4}$/).default('7901'),
  PORT_CODE: z.string().regex(/^\d{4}$/).default('7901'),
  STATISTICS_FLAG: z.enum(['A', 'B']).default('B'),
  /** CEB403 (receipt of payment) is required for shipments accepted before this date (GACC Ann. 2024 No. 167). */
  PAYMENT_RECEIPT_REQUIRED_UNTIL: z.iso.date().default('2024-12-15'),
  /**
   * 9810: from this export date goods may claim the export refund on departure, before sale
   * (离境即退税, 海外仓预退税 HWC-YT; STA Ann. 2025 No. 3). Earlier exports wait for the sale.
   */
  OVERSEAS_PRE_REFUND_FROM: z.iso.date().default('2025-01-27'),
  /** 1210 returns: a return application is accepted within this many days of release (GACC Ann. 2020 No. 45). */
  IMPORT_RETURN_DAYS: int(30, 0, 365),
  /** 1210 returns: the goods must be back in the bonded centre within this many days of release for the quota to return (same announcement; domain/import/returns.ts). */
  IMPORT_RETURN_GOODS_DAYS: int(45, 0, 365),
  /**
   * Days buyers' personal data is kept after a 1210 shipment ends (and callback bodies after
   * receipt) before the daily purge removes it; at least the legal record-keeping floor
   * (domain/retention.ts, 5 years), which is also the default.
   */
  PERSONAL_DATA_RETENTION_DAYS: int(RETENTION_FLOOR_DAYS, RETENTION_FLOOR_DAYS, 36_600),
  /** 9810: how long (days, business time) the platform follows the sales of a consignment before closing it with what is unsold. */
  OVERSEAS_SALES_WINDOW_DAYS: int(180, 1, 730),
  /**
   * 9610 monthly summary declaration (汇总申报, docs/reference/domain-rules.md §1.3 step 8): the summary of a month's
   * lists is due by this day of the following month (15 is confirmed by secondary sources only).
   * ⚠ Whether the deadline rolls over to the next working day when it falls on a holiday is
   * unverified: no roll-over is applied; set an earlier day to keep a margin.
   */
  SUMMARY_DEADLINE_DAY: int(15, 1, 28),
  /**
   * When the `monthly-summary` Temporal Schedule runs: this day of each month at this time, China
   * time (Asia/Shanghai), declaring the previous month. Real calendar time, whatever TIME_SCALE is.
   * The default (the 1st, 02:00) leaves the whole deadline window; ⚠ same holiday caveat.
   */
  SUMMARY_SCHEDULE_DAY: int(1, 1, 28),
  SUMMARY_SCHEDULE_TIME: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM (24 h, China time)').default('02:00'),
  /** Where the monthly statistics reports are written (JSON and CSV per month) and read by the API. */
  REPORTS_DIR: z.string().min(1).default('.data/reports'),
  /** Business signature of CEB messages (adapters/single-window/README.md "Signing"); `npm start` uses rsa-sha1. */
  SIGNING_MODE: z.enum(['none', 'rsa-sha1', 'sm2']).default('none'),
  /** PKCS#8 PEM key + X.509 cert of the transmitting enterprise (together or neither); unset: a test key under SIGNING_KEY_DIR. */
  SIGNING_KEY_PATH: z.string().min(1).optional(),
  SIGNING_CERT_PATH: z.string().min(1).optional(),
  SIGNING_KEY_DIR: z.string().min(1).default('.data/keys'),
  /**
   * The platform's Ed25519 key signing the evidence packages lenders and insurers receive
   * (config/evidence-key.ts, docs/finance.md §4): base64 of a 32-byte seed (openssl rand -base64 32).
   * Required in production; unset in development: generated once under SIGNING_KEY_DIR.
   */
  EVIDENCE_SIGNING_KEY: z.string().refine(isEvidenceSeed, 'base64 of 32 random bytes (openssl rand -base64 32)').transform((v) => new Secret(v)).optional(),
  /** After a rotation: the previous key's public `x` (base64url, as GET /v1/finance/evidence-keys published it), still published so its packages verify. */
  EVIDENCE_PREVIOUS_PUBLIC_KEY: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "the previous key's public x (base64url, 43 characters) as published").optional(),
  SIGNING_SM2_USER_ID: z.string().min(1).max(1024).default('1234567812345678'),
  DXP_COP_CODE: z.string().regex(/^[0-9A-Z]{1,18}$/).default('P000000003'),
  DXP_COP_NAME: z.string().min(1).max(100).default('达州跨境电商公共服务平台'),
  DXP_ID: z.string().min(1).max(30).default('DXPENT0000000001'),
  RAIL_ORIGIN: z.string().min(1).default('Dazhou (达州)'),
  /**
   * Temporal payload encryption keys (codec/): `keyId:base64key[,keyId:base64key…]`, 32-byte
   * AES-256-GCM keys; the first encrypts, all decrypt. Rotate by putting a new key first and
   * keeping the old ones while histories encrypted under them are retained. Development only: a
   * public default key.
   */
  PAYLOAD_KEYS: z.string().superRefine((v, ctx) => {
    try {
      parsePayloadKeys(v);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err instanceof Error ? err.message : String(err)).replace(/^PAYLOAD_KEYS:? /, '') });
    }
  }).transform((v) => new Secret(v)),
  /**
   * Whether customs in this zone permits pledging 1210 bonded stock (仓单质押 on goods under customs
   * supervision). ASSUMPTION: no reference says it is permitted; issue 20 asks for it "where
   * customs permits", so a zone turns it on once its customs office agrees (docs/finance.md).
   */
  BONDED_PLEDGE_PERMITTED: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /**
   * Workers refuse a workflow or activity input that is not encrypted (codec/aes-gcm-codec.ts),
   * for a zone whose histories are all encrypted: a plaintext payload then means tampering or a
   * client without the codec. Off by default (histories from before encryption still replay).
   */
  REQUIRE_ENCRYPTED_PAYLOADS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Browser origins (the Temporal Web UI) allowed to call the codec server at /codec (comma-separated). */
  CODEC_CORS_ORIGINS: z.string().default('http://127.0.0.1:8233,http://localhost:8233').transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean)),
  /**
   * The Temporal Web UI where ops open a shipment's workflow (GET /v1/ops/settings; the console
   * links each shipment to it). Unset: in development the dev server's UI (http://127.0.0.1:8233,
   * `npm start`), elsewhere no link.
   */
  TEMPORAL_UI_URL: z.url({ protocol: /^https?$/, error: 'an http(s):// URL, e.g. https://temporal.zone.example' }).optional(),
  /**
   * Connecting to a real Temporal cluster or Temporal Cloud (config/temporal.ts, docs/deploy.md):
   * PEM file paths of the client certificate and key for mTLS (together or neither), of the CA
   * that signed the server's certificate (unset: the system's roots), an SNI override, and a
   * Temporal Cloud API key (sent as a bearer token; implies TLS). `TEMPORAL_TLS=true` turns TLS on
   * without any of these (a server certificate from a public CA).
   */
  TEMPORAL_TLS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  TEMPORAL_TLS_CERT: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY: z.string().min(1).optional(),
  TEMPORAL_TLS_CA: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  TEMPORAL_API_KEY: z.string().min(8).transform((v) => new Secret(v)).optional(),
  /**
   * Workflows the worker keeps in memory between tasks (sticky cache). A workflow evicted from it
   * is replayed from its history at its next task (fetched, decrypted, re-run). Each cached
   * shipment holds its state in the workflow thread's V8 heap; an unbounded cache can exhaust it
   * (sdk-typescript issue 2227), so size it to the open shipments and the worker's memory.
   */
  WORKER_MAX_CACHED_WORKFLOWS: int(500, 1, 1_000_000),
  /**
   * Worker threads running workflow code (SDK workflowThreadPoolSize; the SDK's default with
   * reuseV8Context is 1). On Node 20 every AsyncLocalStorage a cached workflow holds (the SDK's
   * cancellation scope, the tracing context) tags every promise created in its thread
   * (sdk-typescript issue 1432), so a step costs more the more shipments its thread caches.
   * Two threads halve that and use a second core: with 2,000 shipments opened at once on 2 cores
   * the drain ran at 5.1 instead of 0.35 completions/s (docs/benchmarks.md §4).
   */
  WORKER_WORKFLOW_THREADS: int(2, 1, 64),
  /**
   * Workflow tasks the worker runs at once (SDK maxConcurrentWorkflowTaskExecutions, default 40).
   * A task holds its slot from poll to completion, so with more slots than the workflow threads can
   * serve, tasks queue inside the worker, time out (10 s) and are retried: under a burst every
   * retry is a replay and the drain collapses. A few per thread keeps the queue on the server.
   */
  WORKER_WORKFLOW_TASK_SLOTS: int(TASK_SLOTS_DEFAULT, 1, 1000),
  /**
   * How long a task for a cached workflow may wait on the worker's sticky queue before the server
   * gives it to any worker with the full history (SDK stickyQueueScheduleToStartTimeout, default
   * 10 s): longer keeps a busy worker's cached shipments from being replayed; shorter moves
   * shipments off a dead worker sooner. 60 s: with 1,094 shipments released at once on a cache of
   * 200, the SDK's 10 s timed out 2.1 tasks per shipment (each a full replay); 60 s none
   * (scripts/bench, section 4). The cost: a crashed worker's cached shipments wait up to this long
   * before another worker takes them.
   */
  WORKER_STICKY_TIMEOUT_MS: int(STICKY_TIMEOUT_DEFAULT, 1000, 600_000),
  /**
   * Whether workflow code keeps stack traces (worker/stack-traces.ts): the Web UI's Call Stack tab
   * and the frames of errors thrown inside workflow code. The SDK records a source-mapped stack for
   * every promise a workflow creates, whether or not anyone asks: about a third of the workflow
   * threads' CPU (a 9610 replay 97.8 vs 61.4 ms, `npm run bench:replay`). `off` keeps the error
   * messages and drops the frames; to see where a shipment waits, turn it `on` on a worker and
   * query again (the shipment replays there with stacks).
   */
  WORKFLOW_STACK_TRACES: z.enum(['on', 'off']).default('off'),
  /**
   * host:port of the worker's Prometheus endpoint (Temporal SDK Runtime metrics at /metrics,
   * worker/main.ts); unset: no metrics endpoint. `npm start` uses 127.0.0.1:9464.
   */
  WORKER_METRICS_ADDRESS: z.string().regex(/^[^\s:]+:\d{1,5}$/, 'host:port, e.g. 0.0.0.0:9464').optional(),
  /**
   * OpenTelemetry tracing (observability/tracing.ts, docs/deploy.md §6): base URL of an OTLP/HTTP
   * collector (Jaeger, Tempo, an OTel Collector), e.g. http://otel-collector:4318; spans go to
   * `<url>/v1/traces` as JSON. Unset: no tracing at all (the default).
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/, error: 'an http(s):// URL, e.g. http://otel-collector:4318' }).optional(),
  /**
   * A workflow bundle built ahead of time (`npx tsx worker/bundle.ts <file>`; the Docker image does it):
   * the worker loads it instead of bundling workflows/ at start-up. Unset: bundle at start-up.
   */
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof ConfigSchema> & {
  /** Development mode (CBEC_ENV=development on loopback): public default secrets, plain-HTTP conveniences. */
  development: boolean;
};

/** Where a registered system is (its `<PREFIX>_URL`) and, if it calls back, the secret its callbacks are signed with. */
export function systemEndpoint(c: Config, system: RegisteredSystem): { url: string; secret: Secret | undefined } {
  return { url: c[urlVar(system.id)], secret: 'devCallbackSecret' in system ? c[secretVar(system.id)] : undefined };
}

export class ConfigError extends Error {}

/**
 * Parses the environment; throws ConfigError naming every bad variable. Production (the default)
 * refuses missing, published, placeholder or weak secrets; development fills them in.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const mode = runMode(cleaned);
  const problems = mode.development ? [] : productionProblems(cleaned);
  const parsed = ConfigSchema.safeParse(mode.development ? { ...DEV_SECRETS, ...cleaned } : cleaned);
  const failed = new Set(problems.map((p) => p.slice(0, p.indexOf(':'))));
  // DxpMsg TransInfo/SenderId is C..16 (docs/reference/ceb-messages.md §3.1); BaseTransfer allows 30
  if (parsed.success && parsed.data.SINGLE_WINDOW_TRANSPORT === 'dxp' && !/^[A-Za-z0-9]{1,16}$/.test(parsed.data.DXP_ID)) {
    problems.push('DXP_ID: with SINGLE_WINDOW_TRANSPORT=dxp it is the DxpMsg SenderId: 1–16 letters and digits');
  }
  const lines = [
    ...problems,
    ...(parsed.success ? [] : parsed.error.issues.filter((i) => !failed.has(String(i.path[0]))).map((i) => `${i.path.join('.')}: ${i.message}`)),
  ];
  if (lines.length || !parsed.success) {
    const hint = mode.ignoredSwitch ?? (problems.length ? 'production mode: for local development set CBEC_ENV=development (loopback HOST only)' : undefined);
    throw new ConfigError(`invalid configuration:\n${lines.map((l) => `  ${l}`).join('\n')}${hint ? `\n  (${hint})` : ''}`);
  }
  return Object.freeze({ ...parsed.data, development: mode.development });
}
