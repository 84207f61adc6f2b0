import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { repoRoot } from './lib/tools.js';

/**
 * `npm run db:new-migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql
 * as the difference between the committed schema (git HEAD) and prisma/schema.prisma. Prisma's
 * `migrate dev` needs a shadow database that its pg adapter mishandles (platform notes), so
 * migrations are authored with `migrate diff` and applied with `migrate deploy`.
 */
const name = process.argv[2];
if (!name || !/^[a-z][a-z0-9_]{1,60}$/.test(name)) {
  console.error('usage: npm run db:new-migration -- <snake_case_name>');
  process.exit(2);
}
const root = repoRoot();
const previous = `${tmpdir()}/cbec-previous-schema-${process.pid}.prisma`;
writeFileSync(previous, execFileSync('git', ['show', 'HEAD:prisma/schema.prisma'], { cwd: root }));
const sql = execFileSync(
  `${root}node_modules/.bin/prisma`,
  ['migrate', 'diff', '--from-schema-datamodel', previous, '--to-schema-datamodel', 'prisma/schema.prisma', '--script'],
  { cwd: root, encoding: 'utf8', env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL || 'postgresql://localhost:5432/unused' }, stdio: ['ignore', 'pipe', 'ignore'] },
);
if (!sql.trim() || /^-- This is an empty migration/m.test(sql)) {
  console.error('db:new-migration: prisma/schema.prisma has no changes against HEAD');
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = `${root}prisma/migrations/${stamp}_${name}`;
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}/migration.sql`, sql);
console.log(`wrote prisma/migrations/${stamp}_${name}/migration.sql; apply with npm run db:migrate`);
