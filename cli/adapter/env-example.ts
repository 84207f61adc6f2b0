import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Adds a new calling system's two settings to .env.example (what a deployment sets), each after the
 * last line of its group: `<PREFIX>_CALLBACK_SECRET=change-me` with the secrets, and the commented
 * `# <PREFIX>_URL=http://simulators:<port>` with the staging URLs. config/env-example.test.ts
 * checks the file lists every registered system. Returns whether the file changed.
 */
export function addToEnvExample(repoRoot: string, prefix: string, port: number): boolean {
  const file = path.join(repoRoot, '.env.example');
  if (!existsSync(file)) return false;
  const lines = readFileSync(file, 'utf8').split('\n');
  const after = (pattern: RegExp, line: string) => {
    if (lines.some((l) => l.startsWith(line.split('=')[0]!))) return;
    const last = lines.findLastIndex((l) => pattern.test(l));
    if (last >= 0) lines.splice(last + 1, 0, line);
  };
  const before = lines.join('\n');
  after(/^[A-Z0-9_]+_CALLBACK_SECRET=/, `${prefix}_CALLBACK_SECRET=change-me`);
  after(/^# [A-Z0-9_]+_URL=http:\/\/simulators:\d+$/, `# ${prefix}_URL=http://simulators:${port}`);
  const text = lines.join('\n');
  if (text === before) return false;
  writeFileSync(file, text);
  return true;
}
