import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Form, Input, InputNumber, Modal, Row, Space, Steps, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, unwrap } from '../api.js';
import { QueryState } from '../components/States.js';
import { ScrollRegion } from '../components/ScrollRegion.js';
import { StatusTag } from '../components/StatusTag.js';
import { TemporalLink } from '../components/TemporalLink.js';
import { formatDuration, phaseSpans } from '../timeline.js';
import type { components } from '../../../api/client/index.js';

type Shipment = components['schemas']['Shipment'];
const CANCELLABLE = new Set(['RECEIVED', 'DATA_PUSH', 'DECLARING', 'AWAITING_GOODS', 'CUSTOMS_REVIEW', 'REJECTED', 'RISK_HOLD', 'INSPECTION']);

/**
 * One shipment: its timeline customs → transport → tax → FX with the time in each, receipts, numbers,
 * amounts, actions. For ops (any enterprise's shipment): no enterprise actions, and its workflow in the Temporal Web UI.
 */
export function ShipmentDetail({ ops = false }: { ops?: boolean }) {
  const { id = '' } = useParams();
  const shipment = useQuery({
    queryKey: [ops ? 'ops-shipment' : 'shipment', id],
    queryFn: async (): Promise<Shipment> =>
      ops ? unwrap(await api.GET('/v1/ops/shipments/{id}', { params: { path: { id } } })) : unwrap(await api.GET('/v1/shipments/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => (q.state.data?.completedAt ? false : 2000),
  });
  return <QueryState query={shipment}>{(s) => <Detail shipment={s} ops={ops} />}</QueryState>;
}

function Detail({ shipment: s, ops }: { shipment: Shipment; ops: boolean }) {
  const { t } = useTranslation();
  const spans = phaseSpans(s.timeline, s.completedAt, Date.now());
  const currentIndex = spans.reduce((last, span, i) => (span.startedAt ? i : last), 0);
  return (
    <>
      <Space wrap align="center" style={{ marginBottom: 16 }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t('detail.title', { orderNo: s.orderNo })}
        </Typography.Title>
        <span data-testid="shipment-status">
          <StatusTag status={s.status} />
        </span>
        <Typography.Text type="secondary">{[s.mode, s.corridor].filter(Boolean).join(' · ')}</Typography.Text>
        {ops ? <TemporalLink workflowId={s.id} /> : null}
      </Space>
      <Card title={<h2 className="card-title">{t('detail.timeline')}</h2>} style={{ marginBottom: 16 }}>
        <Steps
          current={currentIndex}
          status={s.status === 'REJECTED' || s.status === 'FAILED' ? 'error' : s.completedAt ? 'finish' : 'process'}
          responsive
          items={spans.map((span) => ({
            title: t(`detail.phase.${span.phase}`),
            content:
              span.durationMs === undefined
                ? t(s.completedAt ? 'detail.notApplicable' : 'detail.notReached')
                : span.endedAt
                  ? t('detail.spent', { duration: formatDuration(span.durationMs) })
                  : t('detail.inProgress', { duration: formatDuration(span.durationMs) }),
          }))}
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={<h2 className="card-title">{t('detail.declaration')}</h2>}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('detail.preNo')}>{s.declaration.preNo ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('detail.invtNo')}>{s.declaration.invtNo ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('detail.entryId')}>{s.declaration.entryId ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('detail.bookingNo')}>{s.transport.bookingNo ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('detail.taxRecordNo')}>{s.tax.recordNo ?? '—'}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={<h2 className="card-title">{t('detail.amounts')}</h2>}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('detail.goodsValue')}>{`${s.amounts.goodsValue} ${s.amounts.currency}`}</Descriptions.Item>
              <Descriptions.Item label={t('detail.fxRate')}>{s.amounts.fxRate ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('detail.cnyAmount')}>{s.amounts.cnyAmount ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('detail.settlementId')}>{s.amounts.settlementId ?? '—'}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
      </Row>
      {ops ? null : <Actions shipment={s} />}
      <Card title={<h2 className="card-title">{t('detail.events')}</h2>} style={{ marginTop: 16 }}>
        <ScrollRegion label={t('detail.events')}>
        <Table
          rowKey="seq"
          size="small"
          pagination={false}
          dataSource={[...s.timeline].reverse()}
          columns={[
            { title: t('detail.at'), dataIndex: 'at', render: (v: string) => new Date(v).toLocaleString() },
            { title: t('shipments.status'), dataIndex: 'status', render: (v: string) => <StatusTag status={v} /> },
            { title: t('detail.type'), dataIndex: 'type' },
            { title: t('detail.info'), dataIndex: 'info' },
          ]}
        />
        </ScrollRegion>
      </Card>
    </>
  );
}

/** Cancel before departure; the correction form after a customs rejection. */
function Actions({ shipment: s }: { shipment: Shipment }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [cancelOpen, setCancelOpen] = useState(false);
  const path = { id: s.id };
  const refresh = () => queries.invalidateQueries({ queryKey: ['shipment', s.id] });
  const cancel = useMutation({
    mutationFn: async (reason: string) => unwrap(await api.POST('/v1/shipments/{id}/cancel', { params: { path }, body: { reason } })),
    onSuccess: async () => {
      setCancelOpen(false);
      void message.success(t('detail.cancelled'));
      await refresh();
    },
  });
  const correct = useMutation({
    mutationFn: async (body: { reason: string; grossWeightKg?: number; netWeightKg?: number }) =>
      unwrap(await api.POST('/v1/shipments/{id}/corrections', { params: { path }, body })),
    onSuccess: async () => {
      void message.success(t('detail.corrected'));
      await refresh();
    },
  });
  if (!CANCELLABLE.has(s.status)) return null;
  return (
    <Card style={{ marginTop: 16 }}>
      {s.status === 'REJECTED' ? (
        <Form layout="vertical" onFinish={(v: { reason: string; grossWeightKg?: number; netWeightKg?: number }) => correct.mutate(v)} style={{ maxWidth: 480 }}>
          <h2 className="card-title">{t('detail.correctTitle')}</h2>
          {s.lastInfo ? <Typography.Paragraph type="danger">{`${t('detail.lastRejection')}: ${s.lastInfo}`}</Typography.Paragraph> : null}
          <Form.Item label={t('detail.correctReason')} name="reason" rules={[{ required: true, whitespace: true, max: 500 }]}>
            <Input />
          </Form.Item>
          <Form.Item label={t('detail.grossWeightKg')} name="grossWeightKg">
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item label={t('detail.netWeightKg')} name="netWeightKg">
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
          {correct.error ? <Typography.Paragraph type="danger" role="alert">{correct.error.message}</Typography.Paragraph> : null}
          <Button type="primary" htmlType="submit" loading={correct.isPending}>
            {t('detail.correct')}
          </Button>
        </Form>
      ) : null}
      <Button danger onClick={() => setCancelOpen(true)} style={{ marginTop: 16 }}>
        {t('detail.cancel')}
      </Button>
      <Modal open={cancelOpen} title={t('detail.cancel')} onCancel={() => setCancelOpen(false)} footer={null} destroyOnHidden>
        <Form layout="vertical" onFinish={(v: { reason: string }) => cancel.mutate(v.reason)}>
          <Form.Item label={t('detail.cancelReason')} name="reason" rules={[{ required: true, whitespace: true, max: 500 }]}>
            <Input />
          </Form.Item>
          {cancel.error ? <Typography.Paragraph type="danger" role="alert">{cancel.error.message}</Typography.Paragraph> : null}
          <Button danger htmlType="submit" loading={cancel.isPending}>
            {t('detail.cancel')}
          </Button>
        </Form>
      </Modal>
    </Card>
  );
}
