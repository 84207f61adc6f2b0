import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../api.js';
import { FailingWebhooks } from '../components/FailingWebhooks.js';
import { QueryState } from '../components/States.js';
import { StatusTag } from '../components/StatusTag.js';

/** What needs the enterprise's action, in this order. */
const ACTION_STATUSES = [
  ['REJECTED', 'overview.rejected'],
  ['RETURNING', 'overview.returns'],
  ['RISK_HOLD', 'overview.holds'],
] as const;

/** My shipments by status and what needs my action (rejections to correct, returns, holds). */
export function Overview() {
  const { t } = useTranslation();
  const counts = useQuery({ queryKey: ['status-counts'], queryFn: async () => unwrap(await api.GET('/v1/shipments/status-counts')), refetchInterval: 5000 });
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('overview.title')}
      </Typography.Title>
      <QueryState query={counts}>
        {(data) => {
          const count = (status: string) => data.byStatus.find((s) => s.status === status)?.count ?? 0;
          const actions = ACTION_STATUSES.filter(([status]) => count(status) > 0);
          return (
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={14}>
                <Card title={<h2 className="card-title">{t('overview.byStatus')}</h2>}>
                  <Row gutter={[16, 16]}>
                    {data.byStatus.map((s) => (
                      <Col key={s.status} xs={12} sm={8}>
                        <Link to={`/shipments?status=${s.status}`} data-testid={`count-${s.status}`}>
                          <Statistic title={<StatusTag status={s.status} />} value={s.count} />
                        </Link>
                      </Col>
                    ))}
                  </Row>
                  {data.byStatus.length === 0 ? <Typography.Paragraph>{t('state.empty')}</Typography.Paragraph> : null}
                </Card>
              </Col>
              <Col xs={24} lg={10}>
                <Card title={<h2 className="card-title">{t('overview.needsAction')}</h2>}>
                  {actions.length === 0 ? (
                    <Typography.Paragraph>{t('overview.none')}</Typography.Paragraph>
                  ) : (
                    <ul className="plain-list">
                      {actions.map(([status, label]) => (
                        <li key={status}>
                          <Link to={`/shipments?status=${status}`}>{t(label)}</Link>
                          <strong>{count(status)}</strong>
                        </li>
                      ))}
                    </ul>
                  )}
                  <FailingWebhooks />
                </Card>
              </Col>
            </Row>
          );
        }}
      </QueryState>
    </>
  );
}
