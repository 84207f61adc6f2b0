// Layer rules (README "Architecture" / "How the code is laid out"), checked by `npm run lint`
// (scripts/lint.ts) and so by CI. Paths are relative to the repository root. A rule names what
// is forbidden; `comment` is what a violation prints. Tests (`*.test.ts`) and test support are held
// to the no-cycle rule only: they wire layers together on purpose.

const TESTS = ['\\.test\\.ts$', '^test/', '(^|/)testing\\.ts$', '(^|/)test-support\\.ts$', '^adapters/[^/]+/contract\\.ts$'];

/** What runs in production (scripts/ and cli/ are developer tools and may use test support). */
const PRODUCTION = '^(activities|adapters|api|codec|config|db|domain|observability|worker|workflows)/';

/**
 * Outbound parts of adapters: what calls an outside system (clients, the HTTP kit, request
 * signing with our keys, the registries that construct clients). The API may import an
 * adapter's inbound part (parsing and authenticating what the system sends us) but none of these.
 * Extend it when an adapter grows an outbound module under another name: either name the file
 * `client*.ts` / put it under `outbound/` (both matched already), or add its path here.
 */
const OUTBOUND = [
  '^adapters/.+/client[^/]*\\.ts$',
  '^adapters/.+/outbound/',
  '^adapters/kit/http\\.ts$',
  '^adapters/single-window/signing/(index|keys|sm2|dsig|config)\\.ts$',
  '^adapters/outbound\\.ts$',
  '^adapters/[^/]+/outbound\\.ts$',
  '^adapters/kit/system-outbound\\.ts$',
];

/**
 * The system catalogue (adapters/systems.ts, each adapters/<id>/definition.ts, adapters/catalogue.ts,
 * adapters/kit/system.ts): pure data describing every outside system. Carriers declare their
 * corridors there, so domain/corridors.ts (and through it the workflow bundle) imports it.
 */
const CATALOGUE = ['^adapters/systems\\.ts$', '^adapters/catalogue\\.ts$', '^adapters/[^/]+/definition\\.ts$', '^adapters/kit/system\\.ts$'];

/** Inbound parts: what the API loads to authenticate and parse callbacks (adapters/inbound.ts imports some by computed name). */
const INBOUND_PARTS = ['^adapters/inbound\\.ts$', '^adapters/[^/]+/inbound\\.ts$'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-nothing-of-ours',
      comment: 'domain/ is pure rules and types: it imports only domain/, libraries and the pure system catalogue (CATALOGUE: carriers declare their corridors there). Move the code it needs into domain/, or invert the dependency.',
      severity: 'error',
      from: { path: '^domain/', pathNot: TESTS },
      to: { pathNot: ['^domain/', '(^|/)node_modules/', ...CATALOGUE], dependencyTypesNot: ['core'] },
    },
    {
      name: 'system-catalogue-is-pure',
      comment: 'The system catalogue (adapters/systems.ts, adapters/<id>/definition.ts) is pure data that domain/ and the workflow bundle import: it imports only itself, domain/ and no Node built-in. Code parts go in adapters/<id>/outbound.ts and inbound.ts.',
      severity: 'error',
      from: { path: CATALOGUE },
      to: { pathNot: [...CATALOGUE, '^domain/'] },
    },
    {
      name: 'domain-no-io',
      comment: 'domain/ is pure: no Node built-ins (no file, network or process access).',
      severity: 'error',
      from: { path: '^domain/', pathNot: TESTS },
      to: { dependencyTypes: ['core'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'workflows-runtime-imports',
      comment: 'Workflow code is deterministic: at run time it imports only workflows/, domain/, @temporalio/workflow and @temporalio/common. Everything else is `import type`; side effects are activities.',
      severity: 'error',
      from: { path: '^workflows/', pathNot: TESTS },
      to: {
        pathNot: ['^workflows/', '^domain/', '(^|/)node_modules/@temporalio/(workflow|common)/'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'workflows-type-imports',
      comment: 'Workflows know domain/, their contracts and (as types) the activities they call; a type they share with another layer belongs in domain/.',
      severity: 'error',
      from: { path: '^workflows/', pathNot: TESTS },
      to: { path: '^(adapters|api|cli|codec|config|db|observability|scripts|test|worker)/', dependencyTypes: ['type-only'] },
    },
    {
      name: 'adapters-know-no-temporal',
      comment: 'Adapters talk to outside systems only: no Temporal, no activities, no workflows (the request types an adapter takes belong to its port).',
      severity: 'error',
      from: { path: '^adapters/', pathNot: TESTS },
      to: { path: ['(^|/)node_modules/@temporalio/', '^(activities|workflows|worker|api)/'] },
    },
    {
      name: 'api-no-activities',
      comment: 'The API starts, signals and queries workflows; it never runs activities.',
      severity: 'error',
      from: { path: '^api/', pathNot: TESTS },
      to: { path: '^activities/' },
    },
    {
      name: 'api-no-outbound-adapters',
      comment: "The API may use an adapter's inbound part (parsing and authenticating callbacks) but never imports its outbound part (clients, request signing, client registries), not even for a type. See OUTBOUND in .dependency-cruiser.cjs; .dependency-cruiser-runtime.cjs checks the run-time reach.",
      severity: 'error',
      from: { path: '^api/', pathNot: TESTS },
      to: { path: OUTBOUND },
    },
    {
      name: 'inbound-parts-no-outbound',
      comment: "An adapter's inbound part (adapters/inbound.ts and each adapters/<id>/inbound.ts, which it loads by name for the API) never imports outbound code (OUTBOUND: clients, outbound.ts, signing).",
      severity: 'error',
      from: { path: INBOUND_PARTS, pathNot: TESTS },
      to: { path: OUTBOUND },
    },
    {
      name: 'console-imports-browser-code-only',
      comment: 'The web console (console/src) is bundled for the browser: it imports only itself, libraries, the typed API client (api/client), pure domain/ code (and the pure system catalogue through it) and the example CSV files it offers for download. Anything else it needs from the platform goes through the public REST API.',
      severity: 'error',
      from: { path: '^console/src/' },
      to: { pathNot: ['^console/src/', '(^|/)node_modules/', '^api/client/', '^domain/', '^examples/[^/]+[.]csv$', ...CATALOGUE] },
    },
    {
      name: 'console-no-node',
      comment: 'The web console runs in a browser: no Node built-ins.',
      severity: 'error',
      from: { path: '^console/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'nothing-imports-the-console',
      comment: 'The platform serves the built console as files (api/console.ts); no server code imports its sources.',
      severity: 'error',
      from: { pathNot: '^console/' },
      to: { path: '^console/' },
    },
    {
      name: 'no-test-code-in-production',
      comment: 'Production code never imports tests or test support (test/, *.test.ts, testing.ts, test-support.ts, contract suites).',
      severity: 'error',
      from: { path: PRODUCTION, pathNot: TESTS },
      to: { path: TESTS },
    },
    {
      name: 'no-circular',
      comment: 'A runtime import cycle: modules half-initialised at load time. Break it by moving the shared part into a module both import (type-only imports do not count).',
      severity: 'error',
      from: {},
      to: { circular: true, dependencyTypesNot: ['type-only'], viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve to a file or an installed package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    exclude: { path: ['^db/generated/', '^api/client/schema\\.ts$', '^\\.tools/', '^\\.data/', '^console/dist/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    cache: false,
  },
};
