import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api.js';
import { PageTitle, when } from '../../components/PageTitle.js';
import { Pager, useCursors } from '../../components/Pager.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';
import { Failed, Nothing } from '../../components/States.js';

const SPANS = [1, 7, 30, 365] as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The audit trail (hash-chained) of a recent span, oldest first, a page at a time; verify the whole chain on demand. */
export function Audit() {
  const { t } = useTranslation();
  const [days, setDays] = useState<number>(7);
  const [from] = useState(() => Date.now());
  const pages = useCursors();
  const afterSeq = pages.cursor;
  const since = new Date(from - days * DAY_MS).toISOString();
  const entries = useQuery({
    queryKey: ['audit', days, afterSeq],
    queryFn: async () => unwrap(await api.GET('/v1/ops/audit', { params: { query: { from: since, limit: 50, ...(afterSeq ? { afterSeq: Number(afterSeq) } : {}) } } })),
    placeholderData: keepPreviousData,
  });
  const verify = useMutation({ mutationFn: async () => unwrap(await api.GET('/v1/ops/audit/verification')) });
  const next = entries.data?.nextAfterSeq;
  return (
    <>
      <PageTitle>{t('audit.title')}</PageTitle>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          aria-label={t('audit.span')}
          value={days}
          onChange={(d: number) => {
            setDays(d);
            pages.first();
          }}
          style={{ width: 160 }}
          options={SPANS.map((d) => ({ value: d, label: t('audit.lastDays', { count: d }) }))}
        />
        <Button type="primary" onClick={() => verify.mutate()} loading={verify.isPending}>
          {t('audit.verify')}
        </Button>
      </Space>
      {verify.error ? <Failed error={verify.error} /> : null}
      {verify.data ? (
        <Alert
          data-testid="audit-verification"
          style={{ marginBottom: 16 }}
          type={verify.data.ok ? 'success' : 'error'}
          showIcon
          title={verify.data.ok ? t('audit.intact', { entries: verify.data.entries, seq: verify.data.lastSeq ?? 0 }) : t('audit.broken', { seq: verify.data.brokenSeq, reason: verify.data.message ?? verify.data.reason ?? '' })}
        />
      ) : null}
      {entries.error ? <Failed error={entries.error} retry={() => void entries.refetch()} /> : null}
      <ScrollRegion label={t('audit.title')}>
        <Table
          rowKey="seq"
          loading={entries.isPending}
          dataSource={entries.data?.entries ?? []}
          pagination={false}
          locale={{ emptyText: <Nothing /> }}
          columns={[
            { title: '#', dataIndex: 'seq', align: 'right' },
            { title: t('audit.at'), dataIndex: 'at', render: when },
            { title: t('audit.actor'), dataIndex: 'actor' },
            { title: t('audit.action'), dataIndex: 'action' },
            { title: t('audit.subject'), render: (_, e) => `${e.subjectType} ${e.subjectId}` },
            { title: t('audit.hash'), dataIndex: 'hash', render: (v: string) => <code title={v}>{v.slice(0, 12)}…</code>, responsive: ['lg'] },
          ]}
        />
      </ScrollRegion>
      <Pager pages={pages} nextCursor={next === null || next === undefined ? null : String(next)} />
    </>
  );
}
