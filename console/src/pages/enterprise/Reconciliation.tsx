import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Select, Space, Statistic, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api.js';
import { lastMonths, monthRange } from '../../components/months.js';
import { PageTitle } from '../../components/PageTitle.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';
import { Nothing, QueryState } from '../../components/States.js';

const OUTCOMES = ['MISMATCH', 'PENDING', 'MATCHED'] as const;

/** My shipments of a month reconciled across information, money and goods flows: the mismatches, each explained. */
export function Reconciliation() {
  const { t } = useTranslation();
  const months = lastMonths(12);
  const [month, setMonth] = useState(months[0]!);
  const period = useQuery({ queryKey: ['reconciliation', month], queryFn: async () => unwrap(await api.GET('/v1/reconciliation', { params: { query: monthRange(month) } })) });
  return (
    <>
      <PageTitle>{t('recon.title')}</PageTitle>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select aria-label={t('recon.month')} value={month} onChange={setMonth} style={{ width: 140 }} options={months.map((m) => ({ value: m, label: m }))} />
      </Space>
      <QueryState query={period}>
        {(data) => {
          const mismatched = data.items.filter((s) => s.status === 'MISMATCH');
          return (
            <>
              <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
                {OUTCOMES.map((o) => (
                  <Col key={o} xs={8} md={4}>
                    <Card>
                      <Statistic title={t(`recon.${o}`)} value={data.counts[o] ?? 0} data-testid={`recon-${o}`} />
                    </Card>
                  </Col>
                ))}
              </Row>
              <ScrollRegion label={t('recon.mismatches')}>
                <Table
                  rowKey={(r) => `${r.shipmentId}/${r.flow}/${r.document}`}
                  dataSource={mismatched.flatMap((s) => s.mismatches.map((m) => ({ ...m, shipmentId: s.shipmentId, orderNo: s.information.orderNo })))}
                  pagination={false}
                  locale={{ emptyText: <Nothing /> }}
                  columns={[
                    { title: t('shipments.orderNo'), render: (_, r) => <Link to={`/shipments/${encodeURIComponent(r.shipmentId)}`}>{r.orderNo}</Link> },
                    { title: t('recon.flow'), dataIndex: 'flow', render: (v: string) => t(`recon.flows.${v}`) },
                    { title: t('recon.document'), dataIndex: 'document' },
                    { title: t('recon.expected'), dataIndex: 'expected', align: 'right' },
                    { title: t('recon.actual'), dataIndex: 'actual', align: 'right' },
                    { title: t('recon.difference'), dataIndex: 'difference', align: 'right' },
                    { title: t('recon.explanation'), dataIndex: 'explanation' },
                  ]}
                />
              </ScrollRegion>
            </>
          );
        }}
      </QueryState>
    </>
  );
}
