import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api.js';
import { lastMonths } from '../../components/months.js';
import { PageTitle } from '../../components/PageTitle.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';
import { Failed, Nothing } from '../../components/States.js';
import { ToneTag } from '../../components/StatusTag.js';

const ALERTS = new Set(['SUMMARY_REJECTED', 'DEADLINE_MISSED']);
const DAY_MS = 24 * 60 * 60 * 1000;

/** The 9610 monthly summary declarations (汇总申报) of a month, each with its filing deadline; run a month again. */
export function Summaries() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const months = lastMonths(12);
  const [period, setPeriod] = useState(months[1]!);
  const list = useQuery({ queryKey: ['summaries', period], queryFn: async () => unwrap(await api.GET('/v1/ops/summaries', { params: { query: { period, limit: 500 } } })), refetchInterval: 10_000 });
  const run = useMutation({
    mutationFn: async () => unwrap(await api.POST('/v1/ops/summaries', { body: { period } })),
    onSuccess: async () => {
      void message.success(t('summaries.started', { period }));
      await queries.invalidateQueries({ queryKey: ['summaries', period] });
    },
  });
  return (
    <>
      <PageTitle>{t('summaries.title')}</PageTitle>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select aria-label={t('summaries.period')} value={period} onChange={setPeriod} style={{ width: 140 }} options={months.map((m) => ({ value: m, label: m }))} />
        <Button onClick={() => run.mutate()} loading={run.isPending}>
          {t('summaries.run', { period })}
        </Button>
      </Space>
      {run.error ? <Failed error={run.error} /> : null}
      {list.error ? <Failed error={list.error} retry={() => void list.refetch()} /> : null}
      <ScrollRegion label={t('summaries.title')}>
        <Table
          rowKey="copNo"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: <Nothing /> }}
          columns={[
            { title: t('ops.enterprise'), dataIndex: 'enterpriseId' },
            { title: t('shipments.status'), dataIndex: 'status', render: (v: string) => <ToneTag tone={ALERTS.has(v) ? 'problem' : v === 'DECLARED' ? 'done' : 'moving'}>{t(`summaries.statuses.${v}`, { defaultValue: v })}</ToneTag> },
            { title: t('summaries.deadline'), render: (_, s) => <Deadline deadline={s.deadline} done={s.status === 'DECLARED'} /> },
            { title: t('summaries.sumNo'), dataIndex: 'sumNo', render: (v: string | null) => v ?? '—' },
            { title: t('summaries.lists'), render: (_, s) => s.invtNos.length, align: 'right' },
            { title: t('summaries.entryIds'), render: (_, s) => s.entryIds.join(', ') || '—', responsive: ['lg'] },
            { title: t('detail.info'), dataIndex: 'lastInfo', responsive: ['xxl'] },
          ]}
        />
      </ScrollRegion>
    </>
  );
}

/** The deadline is the end of a day in China time: that day, as the reader writes dates. */
function lastDay(deadline: string): string {
  return new Date(Date.parse(deadline) - 1).toLocaleDateString(undefined, { timeZone: 'Asia/Shanghai' });
}

function Deadline({ deadline, done }: { deadline: string; done: boolean }) {
  const { t } = useTranslation();
  const left = Math.ceil((Date.parse(deadline) - Date.now()) / DAY_MS);
  return (
    <Space size={4} wrap>
      <span>{lastDay(deadline)}</span>
      {done ? null : left < 0 ? <Typography.Text type="danger">{t('summaries.overdue')}</Typography.Text> : <Typography.Text>{t('summaries.daysLeft', { count: left })}</Typography.Text>}
    </Space>
  );
}
