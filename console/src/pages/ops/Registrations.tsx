import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api.js';
import { Failed } from '../../components/States.js';
import { Pager, useCursors } from '../../components/Pager.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';

/** Registrations waiting for ops: approve (issues the enterprise's first key) or reject. */
export function Registrations() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const pages = useCursors();
  const cursor = pages.cursor;
  const pending = useQuery({
    queryKey: ['registrations', cursor],
    queryFn: async () => unwrap(await api.GET('/v1/enterprises', { params: { query: { status: 'PENDING', limit: 50, ...(cursor ? { cursor } : {}) } } })),
    placeholderData: keepPreviousData,
  });
  const decide = useMutation({
    mutationFn: async ({ id, decision }: { id: string; decision: 'APPROVE' | 'REJECT' }) =>
      unwrap(await api.POST('/v1/enterprises/{id}/approval', { params: { path: { id } }, body: { decision, note: decision === 'APPROVE' ? 'approved in the console' : 'rejected in the console' } })),
    onSuccess: async (_data, { decision }) => {
      void message.success(t(decision === 'APPROVE' ? 'ops.approved' : 'ops.rejected'));
      await queries.invalidateQueries({ queryKey: ['registrations'] });
    },
  });
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('ops.registrations')}
      </Typography.Title>
      {pending.error ? <Failed error={pending.error} retry={() => void pending.refetch()} /> : null}
      {decide.error ? <Failed error={decide.error} /> : null}
      <ScrollRegion label={t('ops.registrations')}>
      <Table
        rowKey="id"
        loading={pending.isPending}
        dataSource={pending.data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('ops.enterprise'), dataIndex: 'name' },
          { title: t('ops.customsCode'), dataIndex: 'customsCode' },
          {
            title: '',
            render: (_, e) => (
              <Space>
                <Button type="primary" loading={decide.isPending} onClick={() => decide.mutate({ id: e.id, decision: 'APPROVE' })}>
                  {t('ops.approve')}
                </Button>
                <Button danger loading={decide.isPending} onClick={() => decide.mutate({ id: e.id, decision: 'REJECT' })}>
                  {t('ops.reject')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      </ScrollRegion>
      <Pager pages={pages} nextCursor={pending.data?.nextCursor} />
    </>
  );
}
