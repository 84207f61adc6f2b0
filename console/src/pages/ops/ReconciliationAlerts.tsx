import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api.js';
import { PageTitle, when } from '../../components/PageTitle.js';
import { Pager, useCursors } from '../../components/Pager.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';
import { Failed, Nothing } from '../../components/States.js';
import { ToneTag } from '../../components/StatusTag.js';

/** The risk rules that the reconciliation of flows raises (db/credit.ts): money that does not match the declaration or the order. */
const RECONCILIATION_RULES = 'FX_NOT_MATCHING_DECLARATION,TAX_NOT_MATCHING_ORDER';

/** Open reconciliation alerts of every enterprise, newest first, a page at a time. */
export function ReconciliationAlerts() {
  const { t } = useTranslation();
  const pages = useCursors();
  const before = pages.cursor;
  const hits = useQuery({
    queryKey: ['recon-alerts', before],
    queryFn: async () => unwrap(await api.GET('/v1/risk/hits', { params: { query: { status: 'OPEN', ruleIds: RECONCILIATION_RULES, limit: 20, ...(before ? { before } : {}) } } })),
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });
  return (
    <>
      <PageTitle>{t('queues.reconAlerts')}</PageTitle>
      {hits.error ? <Failed error={hits.error} retry={() => void hits.refetch()} /> : null}
      <ScrollRegion label={t('queues.reconAlerts')}>
        <Table
          rowKey="id"
          loading={hits.isPending}
          dataSource={hits.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: <Nothing /> }}
          columns={[
            { title: t('queues.at'), dataIndex: 'at', render: when },
            { title: t('ops.enterprise'), dataIndex: 'enterpriseId' },
            { title: t('queues.shipment'), dataIndex: 'shipmentId', responsive: ['md'] },
            { title: t('queues.rule'), dataIndex: 'ruleId', render: (v: string) => <ToneTag tone="attention">{t(`queues.rules.${v}`, { defaultValue: v })}</ToneTag> },
            { title: t('queues.explanation'), render: (_, h) => h.detail ?? h.explanation },
          ]}
        />
      </ScrollRegion>
      <Pager pages={pages} nextCursor={hits.data?.nextBefore} />
    </>
  );
}
