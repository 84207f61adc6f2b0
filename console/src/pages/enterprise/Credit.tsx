import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Statistic, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api.js';
import { PageTitle, when } from '../../components/PageTitle.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';
import { Nothing, QueryState } from '../../components/States.js';
import { ToneTag } from '../../components/StatusTag.js';

/** My credit score and level, and each contribution behind them with the model's explanation. */
export function Credit() {
  const { t } = useTranslation();
  const credit = useQuery({ queryKey: ['credit-me'], queryFn: async () => unwrap(await api.GET('/v1/credit/me')) });
  return (
    <>
      <PageTitle>{t('credit.title')}</PageTitle>
      <QueryState query={credit}>
        {(c) => (
          <>
            {c.negativeListed ? <Alert type="error" showIcon title={t('credit.negativeListed')} style={{ marginBottom: 16 }} /> : null}
            <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
              <Col xs={12} md={6}>
                <Card>
                  <Statistic title={t('credit.score')} value={c.score} data-testid="credit-score" />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card>
                  <Statistic title={t('credit.level')} valueRender={() => <ToneTag tone={c.level === 'REGULAR' ? 'done' : 'problem'}>{c.levelName}</ToneTag>} />
                </Card>
              </Col>
              <Col xs={24} md={12}>
                <Card>
                  <Statistic title={t('credit.asOf', { version: c.modelVersion })} value={when(c.asOf)} />
                </Card>
              </Col>
            </Row>
            <ScrollRegion label={t('credit.contributions')}>
              <Table
                rowKey="kind"
                dataSource={c.contributions}
                pagination={false}
                locale={{ emptyText: <Nothing /> }}
                columns={[
                  { title: t('credit.kind'), dataIndex: 'kind' },
                  { title: t('credit.count'), dataIndex: 'count', align: 'right' },
                  { title: t('credit.counted'), dataIndex: 'counted', align: 'right' },
                  { title: t('credit.points'), dataIndex: 'points', align: 'right', render: (v: number) => (v > 0 ? `+${v}` : String(v)) },
                  { title: t('credit.why'), dataIndex: 'why' },
                ]}
              />
            </ScrollRegion>
          </>
        )}
      </QueryState>
    </>
  );
}
