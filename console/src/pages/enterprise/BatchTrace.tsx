import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Descriptions, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api.js';
import { PageTitle, when } from '../../components/PageTitle.js';
import { Pager, useCursors } from '../../components/Pager.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';
import { Failed, Loading, Nothing } from '../../components/States.js';
import { StatusTag } from '../../components/StatusTag.js';

/** One production batch traced to every shipment line that carried it (server-side pages; 1210 buyers masked by the API). */
export function BatchTrace() {
  const { t } = useTranslation();
  const { id = '', batchNo = '' } = useParams();
  const pages = useCursors();
  const cursor = pages.cursor;
  const trace = useQuery({
    queryKey: ['batch-trace', id, batchNo, cursor],
    queryFn: async () => unwrap(await api.GET('/v1/products/{id}/batches/{batchNo}/trace', { params: { path: { id, batchNo }, query: { limit: 20, ...(cursor ? { cursor } : {}) } } })),
    placeholderData: keepPreviousData,
  });
  if (trace.isPending) return <Loading />;
  if (trace.error) return <Failed error={trace.error} retry={() => void trace.refetch()} />;
  const { product, batch, lines, nextCursor } = trace.data;
  return (
    <>
      <PageTitle>{t('products.traceTitle', { sku: product.sku, batchNo })}</PageTitle>
      <Descriptions size="small" bordered column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('products.name')}>{product.name}</Descriptions.Item>
        <Descriptions.Item label={t('products.hsCode')}>{product.hsCode}</Descriptions.Item>
        <Descriptions.Item label={t('products.manufacturer')}>{product.manufacturer}</Descriptions.Item>
        <Descriptions.Item label={t('products.producedOn')}>{batch?.producedOn ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('products.expiresOn')}>{batch?.expiresOn ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('products.quantity')}>{batch?.quantity ?? '—'}</Descriptions.Item>
      </Descriptions>
      <ScrollRegion label={t('products.lines')}>
        <Table
          rowKey={(l) => `${l.shipment.id}#${l.lineNo}`}
          dataSource={lines}
          pagination={false}
          locale={{ emptyText: <Nothing /> }}
          columns={[
            { title: t('shipments.orderNo'), render: (_, l) => <Link to={`/shipments/${encodeURIComponent(l.shipment.id)}`}>{l.shipment.orderNo}</Link> },
            { title: t('shipments.mode'), render: (_, l) => l.shipment.mode },
            { title: t('shipments.status'), render: (_, l) => <StatusTag status={l.shipment.status} /> },
            { title: t('products.qty'), dataIndex: 'qty', align: 'right' },
            { title: t('products.amount'), render: (_, l) => `${l.amount} ${l.currency}`, align: 'right' },
            { title: t('products.buyer'), render: (_, l) => l.buyer?.name ?? '—', responsive: ['md'] },
            { title: t('shipments.createdAt'), render: (_, l) => when(l.shipment.createdAt), responsive: ['lg'] },
          ]}
        />
      </ScrollRegion>
      <Pager pages={pages} nextCursor={nextCursor} />
    </>
  );
}
