import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Statistic, Table, Typography } from 'antd';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, unwrap } from '../../api.js';
import { Chart } from '../../components/Chart.js';
import { QueryState } from '../../components/States.js';
import { PlanProgress } from './PlanProgress.js';
import type { components } from '../../../../api/client/index.js';

type Trade = components['schemas']['TradeStatistics'];
type Dimension = 'month' | 'mode' | 'corridor' | 'partnerCountry';

function useTrade(groupBy: Dimension) {
  return useQuery({ queryKey: ['trade', groupBy], queryFn: async () => unwrap(await api.GET('/v1/statistics/trade', { params: { query: { groupBy } } })) });
}

/** 统计监测: the zone's trade value and shipments this year by month, mode, corridor and partner country; each figure opens its shipments. */
export function Dashboard() {
  const { t } = useTranslation();
  const byMonth = useTrade('month');
  const byMode = useTrade('mode');
  const byCorridor = useTrade('corridor');
  const byCountry = useTrade('partnerCountry');
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('ops.dashboard')}
      </Typography.Title>
      <PlanProgress />
      <QueryState query={byMonth}>
        {(data) => (
          <>
            <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
              <Col xs={12} md={6}>
                <Card>
                  <Statistic title={t('ops.shipments')} value={data.totals.shipments} data-testid="total-shipments" />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card>
                  <Statistic title={t('ops.valueCny')} value={data.totals.valueCny} data-testid="total-value" />
                </Card>
              </Col>
            </Row>
            <Card title={<h2 className="card-title">{t('ops.tradeByMonth')}</h2>} style={{ marginBottom: 16 }}>
              <MonthChart data={data} />
            </Card>
          </>
        )}
      </QueryState>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={<h2 className="card-title">{t('ops.byMode')}</h2>}>
            <QueryState query={byMode}>{(data) => <Figures data={data} dimension="mode" />}</QueryState>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={<h2 className="card-title">{t('ops.byCorridor')}</h2>}>
            <QueryState query={byCorridor}>{(data) => <Figures data={data} dimension="corridor" />}</QueryState>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={<h2 className="card-title">{t('drill.byCountry')}</h2>}>
            <QueryState query={byCountry}>{(data) => <Figures data={data} dimension="partnerCountry" />}</QueryState>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={<h2 className="card-title">{t('drill.byMonth')}</h2>}>
            <QueryState query={byMonth}>{(data) => <Figures data={data} dimension="month" />}</QueryState>
          </Card>
        </Col>
      </Row>
    </>
  );
}

function MonthChart({ data }: { data: Trade }) {
  const { t } = useTranslation();
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 64, right: 48, top: 56, bottom: 32 },
      xAxis: { type: 'category', data: data.rows.map((r) => r.key.month) },
      yAxis: [{ type: 'value', name: t('ops.valueCny') }, { type: 'value', name: t('ops.shipments') }],
      series: [
        { name: t('ops.valueCny'), type: 'bar', barMaxWidth: 48, data: data.rows.map((r) => Number(r.valueCny)) },
        { name: t('ops.shipments'), type: 'line', yAxisIndex: 1, data: data.rows.map((r) => r.shipments) },
      ],
    }),
    [data, t],
  );
  const navigate = useNavigate();
  const pick = useCallback((month: string) => void navigate(drillPath('month', month)), [navigate]);
  return <Chart option={option} label={t('ops.tradeByMonth')} onPick={pick} />;
}

/** A dimension's figures as a table (each row a figure the statistics API answers). */
function Figures({ data, dimension }: { data: Trade; dimension: Dimension }) {
  const { t } = useTranslation();
  return (
    <div data-testid={`figures-${dimension}`}>
    <Table
      rowKey={(r) => String(r.key[dimension])}
      size="small"
      pagination={false}
      dataSource={data.rows}
      columns={[
        {
          title: t(dimension === 'partnerCountry' ? 'drill.partnerCountry' : dimension === 'month' ? 'drill.month' : `shipments.${dimension}`),
          render: (_, r) => {
            const value = r.key[dimension];
            return value ? (
              <Link to={drillPath(dimension, value)} aria-label={t('drill.open', { figure: value })}>
                {value}
              </Link>
            ) : (
              '—'
            );
          },
        },
        { title: t('ops.shipments'), dataIndex: 'shipments', align: 'right' },
        { title: t('ops.valueCny'), dataIndex: 'valueCny', align: 'right' },
      ]}
    />
    </div>
  );
}

/** The drill-down page of one figure: a month is that month alone; the other dimensions keep the dashboard's period (this year). */
function drillPath(dimension: Dimension, value: string): string {
  const query = dimension === 'month' ? { from: value, to: value } : { [dimension]: value };
  return `/ops/drilldown?${new URLSearchParams(query).toString()}`;
}
