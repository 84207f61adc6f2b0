import { Alert, Button, Card, Progress, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type ApiError } from '../api.js';
import { ScrollRegion } from '../components/ScrollRegion.js';
import { bodyPath } from '../shipment-fields.js';
import { readShipmentsCsv, rowErrorAt, type CsvFile, type CsvOrder, type RowError } from '../shipment-csv.js';
import exampleCsv from '../../../examples/shipments.csv?url&no-inline';

/** What became of one shipment of the file; a refused one carries the API's field errors on their rows. */
type Outcome = { orderNo: string; rows: number[]; outcome: 'created' | 'existed' | 'failed'; id?: string; message?: string; errors?: RowError[] };

/** Waits of an overloaded platform (429 Retry-After) before a shipment is given up. */
const MAX_TRIES = 5;

/**
 * Many shipments from one CSV file: read and checked in the browser (shipment-csv.ts), each problem
 * on its row and column; the valid shipments are then sent one by one. The order number is each
 * shipment's idempotency key: sending the same file again answers "already there" and creates nothing twice.
 */
export function BulkCreate() {
  const { t } = useTranslation();
  const [file, setFile] = useState<{ name: string; read: CsvFile }>();
  const [readFailed, setReadFailed] = useState<string>();
  const [sent, setSent] = useState<Outcome[]>([]);
  const [sending, setSending] = useState(false);
  const valid = file?.read.orders.filter((o) => o.body) ?? [];
  const rowErrors = [...(file?.read.errors ?? []), ...(file?.read.orders.flatMap((o) => o.errors) ?? []), ...sent.flatMap((o) => o.errors ?? [])];

  async function read(upload: File) {
    setReadFailed(undefined);
    setSent([]);
    try {
      setFile({ name: upload.name, read: readShipmentsCsv(await upload.text()) });
    } catch (err) {
      setFile(undefined);
      setReadFailed((err as Error).message);
    }
  }

  async function send() {
    setSending(true);
    setSent([]);
    for (const order of valid) {
      const outcome = await createOne(order);
      setSent((before) => [...before, outcome]);
    }
    setSending(false);
  }

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('bulk.title')}
      </Typography.Title>
      <Typography.Paragraph>
        {t('bulk.intro')} <a href={exampleCsv} download="shipments.csv" style={{ textDecoration: 'underline' }}>{t('bulk.example')}</a>
      </Typography.Paragraph>
      <Upload.Dragger
        accept=".csv,text/csv"
        multiple={false}
        showUploadList={false}
        beforeUpload={(upload) => {
          void read(upload);
          return false;
        }}
        style={{ marginBottom: 16 }}
      >
        <Typography.Text>{t('bulk.drop')}</Typography.Text>
      </Upload.Dragger>
      {readFailed ? <Alert type="error" showIcon title={t('bulk.notCsv', { message: readFailed })} style={{ marginTop: 16 }} /> : null}
      {file ? (
        <Space orientation="vertical" style={{ width: '100%', marginTop: 16 }} size={16}>
          <Alert
            type={valid.length === file.read.orders.length && !file.read.errors.length ? 'success' : 'warning'}
            showIcon
            title={<span data-testid="bulk-summary">{`${file.name}: ${t('bulk.read', { orders: file.read.orders.length, rows: file.read.rows, valid: valid.length, invalid: file.read.orders.length - valid.length })}`}</span>}
          />
          <Space wrap>
            <Button type="primary" disabled={!valid.length || sending} loading={sending} onClick={() => void send()}>
              {t('bulk.create', { count: valid.length })}
            </Button>
            {sending || sent.length ? <Progress percent={Math.round((sent.length / Math.max(valid.length, 1)) * 100)} format={() => t('bulk.progress', { done: sent.length, total: valid.length })} style={{ minWidth: 200 }} /> : null}
          </Space>
          {rowErrors.length ? (
            <Card title={<h2 className="card-title">{t('bulk.errors')}</h2>}>
              <div data-testid="bulk-errors">
              <ScrollRegion label={t('bulk.errors')}>
                <Table<RowError>
                  rowKey={(e) => `${e.row}:${e.field}:${e.message}`}
                  size="small"
                  pagination={false}
                  dataSource={[...rowErrors].sort((a, b) => a.row - b.row)}
                  columns={[
                    { title: t('bulk.row'), dataIndex: 'row', width: 80 },
                    { title: t('bulk.field'), dataIndex: 'field' },
                    { title: t('bulk.message'), dataIndex: 'message' },
                  ]}
                />
              </ScrollRegion>
              </div>
            </Card>
          ) : null}
          {sent.length ? (
            <Card title={<h2 className="card-title">{t('bulk.results')}</h2>}>
              <div data-testid="bulk-results">
              <ScrollRegion label={t('bulk.results')}>
                <Table<Outcome>
                  rowKey="orderNo"
                  size="small"
                  pagination={false}
                  dataSource={sent}
                  columns={[
                    { title: t('shipments.orderNo'), dataIndex: 'orderNo', render: (v: string, o) => (o.id ? <Link to={`/shipments/${encodeURIComponent(o.id)}`}>{v}</Link> : v) },
                    { title: t('bulk.rows'), dataIndex: 'rows', render: (rows: number[]) => rows.join(', ') },
                    { title: t('bulk.outcome'), dataIndex: 'outcome', render: (v: Outcome['outcome'], o) => <Tag color={v === 'failed' ? 'red' : v === 'created' ? 'green' : 'blue'}>{o.message ? `${t(`bulk.${v}`)}: ${o.message}` : t(`bulk.${v}`)}</Tag> },
                  ]}
                />
              </ScrollRegion>
              </div>
            </Card>
          ) : null}
        </Space>
      ) : null}
    </>
  );
}

/** One shipment sent: 202 created, 200 already there (the same order number and body), else failed with the API's field errors on their rows. */
async function createOne(order: CsvOrder): Promise<Outcome> {
  const base = { orderNo: order.orderNo, rows: order.rows };
  for (let attempt = 1; ; attempt++) {
    const { data, error, response } = await api.POST('/v1/shipments', { body: order.body! });
    if (data && response.ok) return { ...base, outcome: response.status === 202 ? 'created' : 'existed', id: data.id };
    const retryAfter = Number(response.headers.get('retry-after') ?? 1);
    if (response.status === 429 && attempt < MAX_TRIES) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(Math.max(retryAfter, 1), 30) * 1000));
      continue;
    }
    const body = error as ApiError | undefined;
    return {
      ...base,
      outcome: 'failed',
      message: body?.message ?? `HTTP ${response.status}`,
      errors: (body?.fields ?? []).map((f) => rowErrorAt(order, bodyPath(f.path), f.message)),
    };
  }
}
