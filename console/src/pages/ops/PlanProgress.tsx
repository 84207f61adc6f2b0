import { useQuery } from '@tanstack/react-query';
import { Card, Col, Progress, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api.js';
import { QueryState } from '../../components/States.js';

/** The year against the zone plan's targets (annual trade value, enterprises) and the active enterprises, as GET /v1/statistics/targets gives them. */
export function PlanProgress() {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: ['targets'], queryFn: async () => unwrap(await api.GET('/v1/statistics/targets', {})) });
  return (
    <Card title={<h2 className="card-title">{t('plan.title')}</h2>} style={{ marginBottom: 16 }}>
      <QueryState query={query}>
        {(data) => (
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Statistic title={t('plan.activeEnterprises')} value={data.figures.activeEnterprises} suffix={`/ ${data.figures.registeredEnterprises}`} data-testid="active-enterprises" />
            </Col>
            {data.targets.map((target) => (
              <Col xs={24} md={9} key={target.metric}>
                <Typography.Text strong>{t(`plan.metrics.${target.metric}`)}</Typography.Text>
                <Progress percent={Math.round((target.progress ?? 0) * 1000) / 10} aria-label={t(`plan.metrics.${target.metric}`)} />
                <Typography.Text type="secondary">
                  {t('plan.actualOfTarget', { actual: target.actual, target: target.target, year: data.plan.milestoneYear, pace: Math.round(data.yearElapsed * 100) })}
                </Typography.Text>
              </Col>
            ))}
          </Row>
        )}
      </QueryState>
    </Card>
  );
}
