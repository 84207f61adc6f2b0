import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Popconfirm, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api.js';
import { PageTitle, when } from '../../components/PageTitle.js';
import { Pager, useCursors } from '../../components/Pager.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';
import { Failed, Nothing } from '../../components/States.js';

/** The zone's negative list (失信名单): who is on it, why and since when, a page at a time; put an enterprise on it, lift a listing (credit repair). */
export function NegativeList() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<{ enterpriseId: string; reason: string }>();
  const pages = useCursors();
  const cursor = pages.cursor;
  const listed = useQuery({
    queryKey: ['negative-list', cursor],
    queryFn: async () => unwrap(await api.GET('/v1/credit/negative-list', { params: { query: { limit: 20, ...(cursor ? { cursor } : {}) } } })),
    placeholderData: keepPreviousData,
  });
  const done = async () => {
    void message.success(t('ops.done'));
    pages.first();
    await queries.invalidateQueries({ queryKey: ['negative-list'] });
  };
  const list = useMutation({
    mutationFn: async (body: { enterpriseId: string; reason: string }) => unwrap(await api.POST('/v1/credit/negative-list', { body })),
    onSuccess: async () => {
      form.resetFields();
      await done();
    },
  });
  const lift = useMutation({
    mutationFn: async (enterpriseId: string) => unwrap(await api.DELETE('/v1/credit/negative-list/{enterpriseId}', { params: { path: { enterpriseId } } })),
    onSuccess: done,
  });
  return (
    <>
      <PageTitle>{t('negative.title')}</PageTitle>
      <Form form={form} layout="inline" onFinish={(v) => list.mutate(v)} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="enterpriseId" label={t('ops.enterprise')} rules={[{ required: true, message: t('negative.enterpriseNeeded') }]}>
          <Input style={{ width: '100%', maxWidth: 200 }} />
        </Form.Item>
        <Form.Item name="reason" label={t('negative.reason')} rules={[{ required: true, message: t('negative.reasonNeeded') }]}>
          <Input style={{ width: '100%', maxWidth: 280 }} />
        </Form.Item>
        <Button danger htmlType="submit" loading={list.isPending}>
          {t('negative.add')}
        </Button>
      </Form>
      {list.error ? <Failed error={list.error} /> : null}
      {lift.error ? <Failed error={lift.error} /> : null}
      {listed.error ? <Failed error={listed.error} retry={() => void listed.refetch()} /> : null}
      <ScrollRegion label={t('negative.title')}>
        <Table
          rowKey="enterpriseId"
          loading={listed.isPending}
          dataSource={listed.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: <Nothing /> }}
          columns={[
            { title: t('ops.enterprise'), render: (_, e) => (e.enterpriseName ? `${e.enterpriseName} (${e.enterpriseId})` : e.enterpriseId) },
            { title: t('negative.reason'), dataIndex: 'reason' },
            { title: t('negative.listedAt'), dataIndex: 'listedAt', render: when, responsive: ['md'] },
            { title: t('negative.listedBy'), dataIndex: 'listedBy', responsive: ['lg'] },
            {
              title: '',
              render: (_, e) => (
                <Popconfirm title={t('negative.liftConfirm', { id: e.enterpriseId })} onConfirm={() => lift.mutate(e.enterpriseId)} okText={t('negative.lift')} cancelText={t('keys.keep')}>
                  <Button>{t('negative.lift')}</Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      </ScrollRegion>
      <Pager pages={pages} nextCursor={listed.data?.nextCursor} />
    </>
  );
}
