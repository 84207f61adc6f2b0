import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import { repoRoot } from './lib/tools.js';

/**
 * `npm run lint` (and CI, before the tests): ESLint with typescript-eslint's type-aware rules
 * (eslint.config.js), then the layer rules of dependency-cruiser twice: with type-only imports
 * (.dependency-cruiser.cjs) and at run time, where `import type` is erased
 * (.dependency-cruiser-runtime.cjs). Prints every violation, then one line
 * "lint: N violations (…)" and exits 1 when N > 0.
 */
const SOURCES = ['activities', 'adapters', 'api', 'cli', 'codec', 'config', 'console', 'db', 'domain', 'observability', 'scripts', 'test', 'worker', 'workflows'];
const CRUISES = ['.dependency-cruiser.cjs', '.dependency-cruiser-runtime.cjs'];
/** Violations owned by another change in flight (see README "Lint and layer rules"); empty when none. */
const KNOWN = '.dependency-cruiser-known-violations.json';

interface Violation {
  rule: { name: string; severity: string };
  from: string;
  to: string;
  cycle?: { name: string }[];
}

const root = repoRoot();
const started = performance.now();

async function cruise(config: string): Promise<Violation[]> {
  const bin = `${root}node_modules/.bin/depcruise`;
  const args = ['--config', config, '--output-type', 'json', '--ignore-known', KNOWN, ...SOURCES];
  // depcruise exits non-zero on a violation; the JSON on stdout is the answer either way
  const { stdout } = await promisify(execFile)(bin, args, { cwd: root, maxBuffer: 64 << 20 }).catch(
    (err: { stdout?: string; message: string }) => {
      if (!err.stdout) throw new Error(`depcruise ${config}: ${err.message}`);
      return { stdout: err.stdout };
    },
  );
  // known violations (--ignore-known) come back with severity "ignore"
  const { violations } = (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary;
  return violations.filter((v) => v.rule.severity !== 'ignore');
}

async function eslint(): Promise<{ text: string; byRule: Map<string, number>; count: number }> {
  const linter = new ESLint({ cwd: root });
  const results = await linter.lintFiles(['.']);
  const byRule = new Map<string, number>();
  for (const r of results) for (const m of r.messages) byRule.set(m.ruleId ?? 'parse', (byRule.get(m.ruleId ?? 'parse') ?? 0) + 1);
  const text = await (await linter.loadFormatter('stylish')).format(results);
  return { text, byRule, count: [...byRule.values()].reduce((a, b) => a + b, 0) };
}

/** The web console has its own tsconfig (DOM, JSX; console/tsconfig.json), which the root `tsc --noEmit` does not cover. */
async function consoleTypes(): Promise<string[]> {
  const bin = `${root}node_modules/.bin/tsc`;
  const { stdout } = await promisify(execFile)(bin, ['-p', 'console/tsconfig.json', '--noEmit', '--pretty', 'false'], { cwd: root, maxBuffer: 64 << 20 }).catch(
    (err: { stdout?: string; message: string }) => ({ stdout: err.stdout ?? err.message }),
  );
  return stdout.split('\n').filter((line) => / error TS\d+:/.test(line));
}

const [lint, consoleErrors, ...layers] = await Promise.all([eslint(), consoleTypes(), ...CRUISES.map(cruise)]);
if (lint.text) console.log(lint.text);
for (const line of consoleErrors) console.log(`console ${line}`);
if (consoleErrors.length) lint.byRule.set('console-tsc', consoleErrors.length);
lint.count += consoleErrors.length;
const seen = new Set<string>();
const layerByRule = new Map<string, number>();
for (const v of layers.flat()) {
  const key = `${v.rule.name} ${v.from} ${v.to}`;
  if (seen.has(key)) continue;
  seen.add(key);
  layerByRule.set(v.rule.name, (layerByRule.get(v.rule.name) ?? 0) + 1);
  const via = v.cycle ? ` (cycle: ${[v.from, ...v.cycle.map((c) => c.name)].join(' → ')})` : '';
  console.log(`layers  ${v.rule.name}: ${v.from} → ${v.to}${via}`);
}
const count = lint.count + seen.size;
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const parts = [...lint.byRule, ...layerByRule].map(([rule, n]) => `${rule} ${n}`);
console.log(`lint: ${count} violation${count === 1 ? '' : 's'}${parts.length ? ` (${parts.join(', ')})` : ''} in ${seconds} s`);
if (count > 0) {
  console.log('Rules and why: eslint.config.js, .dependency-cruiser.cjs (README "Lint and layer rules").');
  process.exitCode = 1;
}
