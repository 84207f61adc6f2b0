import Papa from 'papaparse';
import { ShipmentCreate } from '../../domain/shipment.schema.js';
import { isMode, MODE_FIELDS, MODES, setPath, withoutEmpty, type FieldSpec } from './shipment-fields.js';

/**
 * Shipments from a CSV file (docs/console.md "Bulk create from a CSV"): one row per item line;
 * rows with the same `orderNo` make one shipment, whose order fields come from its first row.
 * Columns are the API body's paths (`platform.code`), item fields prefixed `item.` (`item.sku`).
 * Each shipment is checked with the API's own zod schema; a problem is reported on the row and
 * column it comes from. Rows are numbered as a spreadsheet shows them: the header is row 1.
 */
export const ITEM_PREFIX = 'item.';

/** Every column a file may have, in the order the documentation lists them. */
export const CSV_COLUMNS: readonly string[] = [
  ...new Set(['mode', ...MODES.flatMap((m) => MODE_FIELDS[m].header.map((f) => f.path)), ...MODES.flatMap((m) => MODE_FIELDS[m].item.map((f) => ITEM_PREFIX + f.path))]),
];

export interface RowError {
  row: number;
  field: string;
  message: string;
}

export interface CsvOrder {
  orderNo: string;
  /** The file's rows of this shipment, the first one holding its order fields. */
  rows: number[];
  /** The body to send, when every row of the shipment is valid. */
  body?: ShipmentCreate;
  errors: RowError[];
}

export interface CsvFile {
  orders: CsvOrder[];
  /** Problems of the file itself (unknown columns, broken quotes, rows without an order number). */
  errors: RowError[];
  rows: number;
}

type Row = { row: number; cells: Record<string, string> };

export function readShipmentsCsv(text: string): CsvFile {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: false });
  const errors: RowError[] = parsed.errors.map((e) => ({ row: (e.row ?? 0) + 1, field: '', message: e.message }));
  const [header = [], ...records] = parsed.data;
  const columns = header.map((c) => c.trim());
  columns.forEach((c) => {
    if (c && !CSV_COLUMNS.includes(c)) errors.push({ row: 1, field: c, message: 'unknown column' });
  });
  const byOrder = new Map<string, Row[]>();
  let rows = 0;
  records.forEach((record, i) => {
    const row = i + 2;
    if (record.every((c) => c.trim() === '')) return;
    rows++;
    const cells = Object.fromEntries(columns.map((c, j) => [c, (record[j] ?? '').trim()]));
    const orderNo = cells.orderNo ?? '';
    if (!orderNo) {
      errors.push({ row, field: 'orderNo', message: 'required: rows are grouped into shipments by their order number' });
      return;
    }
    byOrder.set(orderNo, [...(byOrder.get(orderNo) ?? []), { row, cells }]);
  });
  return { orders: [...byOrder].map(([orderNo, group]) => readOrder(orderNo, group)), errors, rows };
}

function readOrder(orderNo: string, group: Row[]): CsvOrder {
  const first = group[0]!;
  const order: CsvOrder = { orderNo, rows: group.map((r) => r.row), errors: [] };
  const mode = first.cells.mode;
  if (!isMode(mode)) {
    order.errors.push({ row: first.row, field: 'mode', message: `one of ${MODES.join(', ')}` });
    return order;
  }
  const fields = MODE_FIELDS[mode];
  const own = new Set(['mode', ...fields.header.map((f) => f.path), ...fields.item.map((f) => ITEM_PREFIX + f.path)]);
  const body: Record<string, unknown> = { mode };
  for (const spec of fields.header) setPath(body, spec.path, value(spec, first, spec.path, order.errors));
  body.items = group.map((r) => {
    const item: Record<string, unknown> = {};
    for (const spec of fields.item) setPath(item, spec.path, value(spec, r, ITEM_PREFIX + spec.path, order.errors));
    return item;
  });
  for (const r of group) {
    for (const [column, cell] of Object.entries(r.cells)) {
      if (!cell || !CSV_COLUMNS.includes(column)) continue;
      if (!own.has(column)) order.errors.push({ row: r.row, field: column, message: `not a field of mode ${mode}: leave it empty` });
      else if (r !== first && !column.startsWith(ITEM_PREFIX) && cell !== first.cells[column]) {
        order.errors.push({ row: r.row, field: column, message: `differs from row ${first.row}, the first row of order ${orderNo}` });
      }
    }
  }
  const checked = ShipmentCreate.safeParse(withoutEmpty(body));
  if (!checked.success) order.errors.push(...checked.error.issues.map((i) => rowErrorAt(order, i.path as (string | number)[], i.message)));
  if (!order.errors.length && checked.success) order.body = checked.data;
  return order;
}

/** A problem at a path of a shipment's body, on the row and column it comes from. */
export function rowErrorAt(order: Pick<CsvOrder, 'rows'>, path: (string | number)[], message: string): RowError {
  const [first, index, ...rest] = path;
  if (first === 'items' && typeof index === 'number' && order.rows[index] !== undefined) {
    return { row: order.rows[index], field: rest.length ? ITEM_PREFIX + rest.join('.') : 'items', message };
  }
  return { row: order.rows[0]!, field: path.join('.'), message };
}

const TRUE = new Set(['true', 'yes', 'y', '1', '是']);
const FALSE = new Set(['false', 'no', 'n', '0', '否']);

/** A cell as its field's type; empty: left out. */
function value(spec: FieldSpec, r: Row, column: string, errors: RowError[]): unknown {
  const cell = r.cells[column] ?? '';
  if (cell === '') return undefined;
  const kind = spec.kind;
  const wrong = (message: string) => {
    errors.push({ row: r.row, field: column, message });
    return undefined;
  };
  if (kind === 'text') return cell;
  if (kind === 'boolean') {
    const lower = cell.toLowerCase();
    return TRUE.has(lower) ? true : FALSE.has(lower) ? false : wrong('true or false');
  }
  const numeric = kind === 'number' || kind === 'integer' || typeof kind.options[0] === 'number';
  if (!numeric) return cell;
  const n = Number(cell);
  return Number.isFinite(n) ? n : wrong(`not a number: ${cell}`);
}
