import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api.js';
import { Pager, useCursors } from '../../components/Pager.js';
import { Failed } from '../../components/States.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';
import { StatusTag } from '../../components/StatusTag.js';

type QueueStatus = 'RISK_HOLD' | 'INSPECTION' | 'SLA_BREACHED';
const TITLE: Record<QueueStatus, string> = { RISK_HOLD: 'ops.holds', INSPECTION: 'ops.inspections', SLA_BREACHED: 'queues.slaBreaches' };

/** A work queue of every enterprise's shipments in one status: risk holds to release, inspections to resolve, SLA breaches to follow up. */
export function WorkQueue({ status }: { status: QueueStatus }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const pages = useCursors();
  const cursor = pages.cursor;
  const list = useQuery({
    queryKey: ['ops-queue', status, cursor],
    queryFn: async () => unwrap(await api.GET('/v1/ops/shipments', { params: { query: { status, limit: 20, ...(cursor ? { cursor } : {}) } } })),
    refetchInterval: 5000,
  });
  const act = useMutation({
    mutationFn: async ({ id, pass }: { id: string; pass: boolean }) =>
      status === 'RISK_HOLD'
        ? unwrap(await api.POST('/v1/risk/shipments/{shipmentId}/review', { params: { path: { shipmentId: id } }, body: { decision: pass ? 'RELEASE' : 'REJECT', note: 'reviewed in the console' } }))
        : unwrap(await api.POST('/v1/ops/shipments/{id}/inspection', { params: { path: { id } }, body: { outcome: pass ? 'CLEARED' : 'SEIZED', note: 'resolved in the console' } })),
    onSuccess: async () => {
      void message.success(t('ops.done'));
      await queries.invalidateQueries({ queryKey: ['ops-queue', status] });
    },
  });
  const [yes, no] = status === 'RISK_HOLD' ? [t('ops.release'), t('ops.reject')] : [t('ops.pass'), t('ops.fail')];
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t(TITLE[status])}
      </Typography.Title>
      {list.error ? <Failed error={list.error} retry={() => void list.refetch()} /> : null}
      {act.error ? <Failed error={act.error} /> : null}
      <ScrollRegion label={t(TITLE[status])}>
      <Table
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('shipments.orderNo'), dataIndex: 'orderNo', render: (v: string, s) => <Link to={`/ops/shipments/${encodeURIComponent(s.id)}`}>{v}</Link> },
          { title: t('ops.enterprise'), dataIndex: 'enterpriseId' },
          { title: t('shipments.status'), dataIndex: 'status', render: (v: string) => <StatusTag status={v} /> },
          { title: t('detail.info'), dataIndex: 'lastInfo', responsive: ['md'] },
          ...(status === 'SLA_BREACHED' ? [{ title: t('shipments.updatedAt'), dataIndex: 'updatedAt', render: (v: string) => new Date(v).toLocaleString() }] : []),
          {
            title: '',
            hidden: status === 'SLA_BREACHED',
            render: (_, s) => (
              <Space>
                <Button type="primary" loading={act.isPending} onClick={() => act.mutate({ id: s.id, pass: true })}>
                  {yes}
                </Button>
                <Button danger loading={act.isPending} onClick={() => act.mutate({ id: s.id, pass: false })}>
                  {no}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      </ScrollRegion>
      <Pager pages={pages} nextCursor={list.data?.nextCursor} />
    </>
  );
}
