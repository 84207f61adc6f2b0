// The API's run-time reach, checked by `npm run lint` next to .dependency-cruiser.cjs. This cruise
// leaves type-only imports out (they are erased), so a chain of runtime imports that ends in an
// outbound adapter module or an activity, however long, is a violation: e.g. api → config →
// a client registry. (dependency-cruiser's `reachable` follows every edge it sees, type-only
// ones included, hence a second cruise.) Same paths and options as the main config.
const base = require('./.dependency-cruiser.cjs');

const direct = base.forbidden.find((rule) => rule.name === 'api-no-outbound-adapters');
const inbound = base.forbidden.find((rule) => rule.name === 'inbound-parts-no-outbound');

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'api-never-loads-outbound-adapters',
      comment: 'At run time the API loads no outbound adapter module (clients, request signing, client registries) and no activity, through any chain of imports.',
      severity: 'error',
      from: direct.from,
      to: { path: [...direct.to.path, '^activities/'], reachable: true },
    },
    {
      name: 'inbound-parts-never-load-outbound',
      comment: "At run time an adapter's inbound part (loaded by the API, some by computed name, which the API rule cannot follow) loads no outbound module, through any chain of imports.",
      severity: 'error',
      from: inbound.from,
      to: { path: [...direct.to.path, '^activities/'], reachable: true },
    },
  ],
  options: { ...base.options, tsPreCompilationDeps: false },
};
