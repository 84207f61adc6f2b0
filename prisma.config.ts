// Prisma CLI configuration (the CLI's process only, never the app's).
// Prisma 6.19 runs offline here with its WASM engines through the pg driver adapter.
import path from 'node:path';
import type { PrismaConfig } from 'prisma';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';

// Upstream bug (prisma/orm#27403): the WASM schema engine cannot read columns of type `name`
// (oid 19) through adapter-pg. Present them as `text` (oid 25) before pg builds its row parser.
const result = pg.Result.prototype as unknown as { addFields(fields: { dataTypeID: number }[]): void };
const addFields = result.addFields;
result.addFields = function patched(fields) {
  for (const f of fields) if (f.dataTypeID === 19) f.dataTypeID = 25;
  return addFields.call(this, fields);
};

const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const schema = process.env.DATABASE_SCHEMA;

export default {
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    return new PrismaPg({ connectionString: url }, schema ? { schema } : undefined);
  },
} satisfies PrismaConfig;
