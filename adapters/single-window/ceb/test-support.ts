/**
 * Test-only helpers: locating the shared reference folder and reading the field tables of
 * ceb-messages.md, so tests can check this module against the reference independently of
 * fields.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * docs/reference/ceb-samples (copies of the project's reference samples, see their SOURCES.md),
 * or $CEB_SAMPLES_DIR. Throws a clear error when the folder is missing.
 */
export function samplesDir(): string {
  const dir = process.env.CEB_SAMPLES_DIR ??
    fileURLToPath(new URL('../../../docs/reference/ceb-samples/', import.meta.url));
  if (!existsSync(dir)) {
    throw new Error(`CEB samples folder not found at ${dir}; set CEB_SAMPLES_DIR to the ceb-samples folder`);
  }
  return dir;
}

/** ceb-messages.md next to the samples folder, or $CEB_REFERENCE_DOC. */
export function referenceDocPath(): string {
  const file = process.env.CEB_REFERENCE_DOC ?? join(samplesDir(), '..', 'ceb-messages.md');
  if (!existsSync(file)) {
    throw new Error(`ceb-messages.md not found at ${file}; set CEB_REFERENCE_DOC`);
  }
  return file;
}

export interface RefRow {
  name: string;
  req: 'M' | 'O';
  type: string;
}

/**
 * Field tables of one section of ceb-messages.md, e.g. heading "#### CEB303Message" or
 * "### 2.2 BaseTransfer", keyed by entity tag (last segment of a "*Order/OrderHead*" label;
 * '' for a table before any label), rows in document (= XSD) order.
 */
export function referenceTables(heading: string): Record<string, RefRow[]> {
  const doc = readFileSync(referenceDocPath(), 'utf8');
  const start = doc.indexOf(`\n${heading} `);
  if (start < 0) throw new Error(`section "${heading}" not found in ceb-messages.md`);
  const end = doc.slice(start + 1).search(/\n#/);
  const section = doc.slice(start + 1, end < 0 ? undefined : start + 1 + end);
  let current: RefRow[] = [];
  const tables: Record<string, RefRow[]> = { '': current };
  for (const line of section.split('\n')) {
    const label = /^\*([A-Za-z/]+)\*/.exec(line);
    if (label?.[1]) {
      current = [];
      tables[label[1].split('/').pop() ?? label[1]] = current;
      continue;
    }
    const row = /^\|\s*([A-Za-z]\w*)\s*\|\s*([MO])\s*\|\s*([^|]+?)\s*\|/.exec(line);
    if (row?.[1] && row[2] && row[3] && row[1] !== 'Field') {
      current.push({ name: row[1], req: row[2] as 'M' | 'O', type: row[3] });
    }
  }
  return tables;
}
