import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../../scripts/lib/tools.js';

/**
 * The deployment files, checked statically (these machines have no container engine):
 * docker-compose.yml, deploy/Caddyfile and the Dockerfile as a security officer would read them.
 */
const read = (file: string) => readFileSync(`${repoRoot()}${file}`, 'utf8');
interface Service { command?: string[]; ports?: (string | { published?: string | number })[]; environment?: Record<string, string>; volumes?: string[]; expose?: string[] }
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const published = (s: Service) => (s.ports ?? []).map((p) => (typeof p === 'string' ? p : String(p.published)));
/** The value a `${VAR:-default}` setting takes when the operator sets nothing. */
const byDefault = (v: string | undefined) => /^\$\{[A-Z_]+:-(.*)\}$/.exec(v ?? '')?.[1] ?? v;

describe('docker-compose topology', () => {
  it('publishes only the TLS entry point: no Web UI, Jaeger, metrics, API or database port', () => {
    const publishing = Object.entries(services).filter(([, s]) => published(s).length > 0).map(([name]) => name);
    expect(publishing).toEqual(['entry']);
    expect(published(services.entry!)).toEqual(['443:443', '80:80']);
    for (const name of ['temporal-ui', 'jaeger', 'worker', 'api', 'temporal']) expect(published(services[name]!)).toEqual([]);
  });

  it('keeps Web UI write actions off unless an operator turns them on, and signs users in with OIDC', () => {
    const ui = services['temporal-ui']!.environment!;
    expect(byDefault(ui.TEMPORAL_DISABLE_WRITE_ACTIONS)).toBe('true');
    expect(ui.TEMPORAL_AUTH_ENABLED).toBe('true');
    expect(ui.TEMPORAL_AUTH_PROVIDER_URL).toMatch(/^\$\{TEMPORAL_AUTH_PROVIDER_URL:\?/); // compose refuses to start without it
    expect(ui.TEMPORAL_AUTH_CALLBACK_URL).toMatch(/^https:\/\//);
    expect(ui.TEMPORAL_CODEC_ENDPOINT).toMatch(/^https:\/\//);
  });

  it('terminates TLS at the entry point for the API and the Web UI', () => {
    const entry = services.entry!;
    expect(entry.volumes).toContain('./deploy/Caddyfile:/etc/caddy/Caddyfile:ro');
    const caddy = read('deploy/Caddyfile');
    const sites = [...caddy.matchAll(/^(\{\$[A-Z_]+\}) \{\n([\s\S]*?)^\}/gm)].map(([, host, body]) => ({ host, body: body! }));
    expect(sites.map((s) => s.host)).toEqual(['{$API_HOST}', '{$UI_HOST}']);
    for (const site of sites) expect(site.body).toMatch(/^\s*tls \S+/m);
    expect(sites[0]!.body).toContain('reverse_proxy api:3000');
    expect(sites[1]!.body).toContain('reverse_proxy temporal-ui:8080');
    expect(caddy).not.toMatch(/^\s*(http:\/\/|:80\b)/m); // no plain-HTTP site (port 80 only redirects)
  });

  it('runs the app in production mode with HTTPS URLs', () => {
    for (const name of ['api', 'worker', 'migrate']) {
      const env = services[name]!.environment!;
      expect(env.CBEC_ENV).toBeUndefined();
      expect(env.PUBLIC_URL).toMatch(/^https:\/\//);
      expect(env.CODEC_CORS_ORIGINS).toMatch(/^https:\/\//);
      expect(env.TEMPORAL_UI_URL).toBe(env.CODEC_CORS_ORIGINS); // the console links to the same Web UI
    }
  });
});

describe('Dockerfile', () => {
  const runtime = read('Dockerfile').split(/^FROM /m).at(-1)!;
  it('leaves the app files owned by root, not writable by the runtime user', () => {
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).not.toMatch(/--chown=node/);
    const chowned = [...runtime.matchAll(/chown\s+(?:-R\s+)?node:node\s+([^\n&]+)/g)].flatMap(([, paths]) => paths!.trim().split(/\s+/));
    expect(chowned.sort()).toEqual(['/app/reports']);
  });
});

/**
 * A stop signal must reach the service's own graceful drain (API requests finished, worker tasks
 * handed back, the embedded database and dev server stopped). The tsx CLI relays a signal to its
 * child and SIGKILLs the child when it has not reported the signal back within 30 ms (tsx 4.x,
 * relaySignalToChild), so the services run under node itself with tsx as a loader only.
 */
describe('stop signals', () => {
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
  it('runs the long-running npm scripts under node with the tsx loader, not the tsx CLI', () => {
    for (const name of ['start', 'worker', 'api', 'simulators']) expect(scripts[name], name).toMatch(/^node scripts\/node\.mjs node --import tsx \S+\.ts$/);
  });
  it('runs the image and every compose service under node with the tsx loader', () => {
    expect(read('Dockerfile')).toMatch(/^CMD \["node", "--import", "tsx", "api\/server\.ts"\]$/m);
    const commands = Object.values(services).flatMap((s) => (s.command ? [s.command] : []));
    expect(commands.length).toBeGreaterThan(0);
    for (const c of commands) expect(c.join(' ')).not.toMatch(/\.bin\/tsx/);
  });
});
