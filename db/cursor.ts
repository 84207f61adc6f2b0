/**
 * The keyset cursor of the API's newest-first lists (shipments, enterprises, statistics
 * drill-down): the last row's (createdAt, id), opaque to clients.
 */
export class InvalidCursor extends Error {}

export interface Cursor {
  c: Date;
  i: string;
}

export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify({ c: createdAt.toISOString(), i: id })).toString('base64url');
}

/** The position a cursor names; InvalidCursor when it is not one this API issued. */
export function decodeCursor(cursor: string): Cursor {
  try {
    const raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { c?: unknown; i?: unknown };
    const c = new Date(String(raw.c));
    if (typeof raw.i !== 'string' || Number.isNaN(c.getTime())) throw new Error('bad cursor');
    return { c, i: raw.i };
  } catch {
    throw new InvalidCursor('cursor is not one this API issued');
  }
}
