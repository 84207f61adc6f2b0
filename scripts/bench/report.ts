import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { repoRoot } from '../lib/tools.js';

export interface Section {
  name: string;
  /** [figure, value, details]. */
  rows: string[][];
  notes: string[];
  error?: string;
  seconds: number;
}

const cell = (s: string) => s.replaceAll('|', '\\|');

/** The run a report replaces, as one line: its date, runtime and summary (full runs only; quick ones are not compared). */
export function previousRun(report: string): string | undefined {
  if (!report.includes('**Full run.**')) return undefined;
  const date = /on (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) UTC/.exec(report)?.[1];
  const node = /Node (v\d+\.\d+\.\d+)/.exec(report)?.[1];
  const summary = /^Summary: (.*)\.$/m.exec(report)?.[1];
  return date && summary ? `${date} UTC${node ? `, Node ${node}` : ''}: ${summary}` : undefined;
}

/** Writes docs/benchmarks.md from a run, with the summary of the full run it replaces beside its own. */
export function writeReport(r: { quick: boolean; machine: string; sections: Section[]; summary: Record<string, string | undefined> }): void {
  const file = `${repoRoot()}docs/benchmarks.md`;
  const previous = existsSync(file) ? previousRun(readFileSync(file, 'utf8')) : undefined;
  const order = [...r.sections].sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench${r.quick ? ' -- --quick' : ''}\` (scripts/bench.ts, scripts/bench/) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    `**${r.quick ? 'QUICK run: small sizes (see each section); the full run uses 400 shipments for throughput, 10,000 open shipments and one million seeded shipments.' : 'Full run.'}**`,
    '',
    `Machine: ${r.machine}. Other jobs may have shared this machine; compare the ratios, not the absolute times.`,
    '',
    `Summary: ${Object.values(r.summary).filter(Boolean).join('; ') || 'n/a'}.`,
    '',
    ...(previous ? [`Previous full run (${previous}).`, ''] : []),
    'These figures feed the capacity plan, [docs/capacity.md](capacity.md): after a new run, update its inputs in scripts/capacity.ts and re-run it (docs/capacity.md §8).',
    '',
    'Earlier full runs are kept as they were written, one file per run: [docs/benchmarks/](benchmarks/) (move this file there, named by its date and runtime, before a new full run).',
    '',
  ];
  for (const s of order) {
    lines.push(`## ${s.name}`, '');
    if (s.error) lines.push(`**FAILED** after ${s.seconds.toFixed(0)} s: \`${cell(s.error.split('\n')[0]!.slice(0, 300))}\``, '');
    if (s.rows.length) {
      lines.push('| figure | value | details |', '|---|---|---|');
      for (const row of s.rows) lines.push(`| ${row.map((c) => cell(c ?? '')).join(' | ')} |`);
      lines.push('');
    }
    for (const n of s.notes) lines.push(n, '');
    if (!s.error) lines.push(`_Section time: ${s.seconds.toFixed(0)} s._`, '');
  }
  writeFileSync(file, `${lines.join('\n').trimEnd()}\n`);
}
