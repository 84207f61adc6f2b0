import { once } from 'node:events';
import type pg from 'pg';

/**
 * `COPY … FROM STDIN` with the plain `pg` client (no extra package): a query object that pg's
 * client runs like any other (the "submittable" interface pg-copy-streams also uses) and that
 * answers the server's CopyInResponse by streaming the chunks of `source`, waiting whenever the
 * socket's buffer is full. Resolves with the number of rows copied; a server error (bad row,
 * constraint) stops the stream and rejects, and the COPY writes nothing.
 */
export function copyFrom(client: pg.Client | pg.PoolClient, sql: string, source: Iterable<string> | AsyncIterable<string>): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let failed: Error | undefined;
    let rows = 0;
    const submittable = {
      submit(connection: Connection) {
        connection.query(sql);
      },
      handleCopyInResponse(connection: Connection) {
        void (async () => {
          try {
            let batch = '';
            for await (const chunk of source) {
              if (failed) return;
              batch += chunk;
              if (batch.length < 256 * 1024) continue;
              connection.sendCopyFromChunk(Buffer.from(batch, 'utf8'));
              batch = '';
              if (connection.stream.writableNeedDrain) await once(connection.stream, 'drain');
            }
            if (failed) return;
            if (batch) connection.sendCopyFromChunk(Buffer.from(batch, 'utf8'));
            connection.endCopyFrom();
          } catch (err) {
            connection.sendCopyFail(err instanceof Error ? err.message : String(err));
          }
        })();
      },
      handleCommandComplete(msg: { text?: string }) {
        rows = Number(/COPY (\d+)/.exec(msg.text ?? '')?.[1] ?? 0);
      },
      handleReadyForQuery() {
        if (failed) reject(failed);
        else resolve(rows);
      },
      handleError(err: Error) {
        // pg clears the active query before calling this: no ReadyForQuery reaches us afterwards
        failed = err;
        reject(err);
      },
      handleRowDescription() {},
      handleDataRow() {},
      handleEmptyQuery() {},
      handlePortalSuspended() {},
      handleCopyData() {},
    };
    (client as unknown as { query(q: unknown): unknown }).query(submittable);
  });
}

/** The part of pg's internal Connection the COPY protocol needs. */
interface Connection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  stream: NodeJS.WritableStream & { writableNeedDrain: boolean };
}

/** One value in COPY text format: \N for null, backslash escapes for the special characters. */
export function copyValue(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  const s = String(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

/** One row in COPY text format. */
export function copyRow(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(copyValue).join('\t')}\n`;
}
