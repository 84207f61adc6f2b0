import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Space, Statistic, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Pager, useCursors } from '../../components/Pager.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';
import { Failed, Nothing } from '../../components/States.js';
import { StatusTag, ToneTag } from '../../components/StatusTag.js';
import type { paths } from '../../../../api/client/index.js';

/** The filters of a dashboard figure, as they travel in the address (months, modes, corridors, countries: no personal data). */
export const DRILL_FILTERS = ['from', 'to', 'mode', 'direction', 'corridor', 'partnerCountry'] as const;
type Filters = NonNullable<paths['/v1/statistics/drilldown']['get']['parameters']['query']>;

/** The shipments behind one dashboard figure, with their inventory and declaration numbers, a page at a time. */
export function Drilldown() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const filters = Object.fromEntries(DRILL_FILTERS.flatMap((f) => (params.get(f) ? [[f, params.get(f)!]] : []))) as Filters;
  const pages = useCursors();
  const cursor = pages.cursor;
  const list = useQuery({
    queryKey: ['drilldown', filters, cursor],
    queryFn: async () => unwrap(await api.GET('/v1/statistics/drilldown', { params: { query: { ...filters, limit: 20, ...(cursor ? { cursor } : {}) } } })),
    placeholderData: keepPreviousData,
  });
  const data = list.data;
  return (
    <>
      <PageTitle>{t('drill.title')}</PageTitle>
      <Space wrap style={{ marginBottom: 16 }} data-testid="drill-filters">
        {data ? <Tag>{data.period.from === data.period.to ? data.period.from : `${data.period.from} – ${data.period.to}`}</Tag> : null}
        {DRILL_FILTERS.filter((f) => f !== 'from' && f !== 'to' && filters[f]).map((f) => (
          <ToneTag key={f} tone="moving">
            {t(`drill.${f}`)}: {String(filters[f])}
          </ToneTag>
        ))}
      </Space>
      {data ? (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          <Col xs={12} md={6}>
            <Card>
              <Statistic title={t('ops.shipments')} value={data.figure.shipments} data-testid="drill-shipments" />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card>
              <Statistic title={t('ops.valueCny')} value={data.figure.valueCny} data-testid="drill-value" />
            </Card>
          </Col>
        </Row>
      ) : null}
      {list.error ? <Failed error={list.error} retry={() => void list.refetch()} /> : null}
      <ScrollRegion label={t('drill.title')}>
        <Table
          rowKey="id"
          loading={list.isPending}
          dataSource={data?.items ?? []}
          pagination={false}
          locale={{ emptyText: <Nothing /> }}
          columns={[
            { title: t('shipments.orderNo'), dataIndex: 'orderNo', render: (v: string, s) => <Link to={`/ops/shipments/${encodeURIComponent(s.id)}`}>{v}</Link> },
            { title: t('ops.enterprise'), dataIndex: 'enterpriseId', responsive: ['xxl'] },
            { title: t('shipments.mode'), dataIndex: 'mode' },
            { title: t('shipments.corridor'), dataIndex: 'corridor', render: (v: string | null) => v ?? '—', responsive: ['md'] },
            { title: t('drill.partnerCountry'), dataIndex: 'partnerCountry', render: (v: string | null) => v ?? '—', responsive: ['xxl'] },
            { title: t('shipments.status'), dataIndex: 'status', render: (v: string) => <StatusTag status={v} /> },
            { title: t('drill.goodsValue'), render: (_, s) => `${Number(s.goodsValue).toFixed(2)} ${s.currency}`, align: 'right', responsive: ['xxl'] },
            { title: t('ops.valueCny'), dataIndex: 'valueCny', render: (v: string | null) => v ?? '—', align: 'right' },
            { title: t('detail.invtNo'), dataIndex: 'invtNo', render: (v: string | null) => v ?? '—', responsive: ['lg'] },
            { title: t('detail.entryId'), dataIndex: 'entryId', render: (v: string | null) => v ?? '—', responsive: ['lg'] },
          ]}
        />
      </ScrollRegion>
      <Pager pages={pages} nextCursor={data?.nextCursor} />
    </>
  );
}
