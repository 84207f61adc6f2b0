import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api.js';
import { PageTitle, when } from '../../components/PageTitle.js';
import { Pager, useCursors } from '../../components/Pager.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';
import { Failed, Nothing } from '../../components/States.js';

/** Callbacks from outside systems whose delivery kept failing, newest first, a page at a time: deliver one again. */
export function DeadLetters() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const pages = useCursors();
  const cursor = pages.cursor;
  const list = useQuery({
    queryKey: ['dead-letters', cursor],
    queryFn: async () => unwrap(await api.GET('/v1/ops/callbacks/dead-letters', { params: { query: { limit: 50, ...(cursor ? { cursor } : {}) } } })),
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });
  const requeue = useMutation({
    mutationFn: async (id: string) => unwrap(await api.POST('/v1/ops/callbacks/dead-letters/{id}/requeue', { params: { path: { id } } })),
    onSuccess: async () => {
      void message.success(t('queues.requeued'));
      await queries.invalidateQueries({ queryKey: ['dead-letters'] });
    },
  });
  return (
    <>
      <PageTitle>{t('queues.deadLetters')}</PageTitle>
      {requeue.error ? <Failed error={requeue.error} /> : null}
      {list.error ? <Failed error={list.error} retry={() => void list.refetch()} /> : null}
      <ScrollRegion label={t('queues.deadLetters')}>
        <Table
          rowKey="id"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: <Nothing /> }}
          columns={[
            { title: t('queues.receivedAt'), dataIndex: 'receivedAt', render: when },
            { title: t('queues.system'), dataIndex: 'system' },
            { title: t('queues.shipment'), dataIndex: 'shipmentId', render: (v: string | null) => v ?? '—', responsive: ['md'] },
            { title: t('queues.attempts'), dataIndex: 'attempts', align: 'right' },
            { title: t('queues.lastError'), dataIndex: 'lastError', render: (v: string | null) => v ?? '—' },
            {
              title: '',
              render: (_, d) => (
                <Button type="primary" loading={requeue.isPending && requeue.variables === d.id} onClick={() => requeue.mutate(d.id)}>
                  {t('queues.requeue')}
                </Button>
              ),
            },
          ]}
        />
      </ScrollRegion>
      <Pager pages={pages} nextCursor={list.data?.nextCursor} />
    </>
  );
}
