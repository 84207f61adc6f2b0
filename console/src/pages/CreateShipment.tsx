import { App, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Select, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, RequestFailed, unwrap } from '../api.js';
import { ShipmentCreate } from '../../../domain/shipment.schema.js';
import { bodyPath, isMode, MODE_FIELDS, MODES, withoutEmpty, type FieldSpec, type Mode } from '../shipment-fields.js';

type NamePath = (string | number)[];
interface FieldError {
  name: NamePath;
  errors: string[];
}

/**
 * A new shipment in any of the four customs modes (the mode in the address, ?mode=9710), checked
 * in the browser with the API's own zod schema before it is sent. One form for all modes: its
 * fields come from shipment-fields.ts.
 */
export function CreateShipment() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const requested = params.get('mode');
  const mode: Mode = isMode(requested) ? requested : '9610';
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('create.title')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <Radio.Group
          aria-label={t('shipments.mode')}
          optionType="button"
          value={mode}
          onChange={(e) => setParams({ mode: e.target.value as string }, { replace: true })}
          options={MODES.map((m) => ({ value: m, label: t(`form.mode.${m}`) }))}
        />
        <Link to="/shipments/bulk">{t('form.toBulk')}</Link>
      </Space>
      {/* a new form for each mode: values of one mode never leak into another's body */}
      <ShipmentForm key={mode} mode={mode} />
    </>
  );
}

function ShipmentForm({ mode }: { mode: Mode }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const fields = MODE_FIELDS[mode];

  async function submit() {
    setProblem(undefined);
    const parsed = ShipmentCreate.safeParse(withoutEmpty({ ...form.getFieldsValue(true), mode }));
    if (!parsed.success) {
      form.setFields(toFieldErrors(parsed.error.issues.map((i) => ({ path: i.path as NamePath, message: i.message }))));
      setProblem(t('create.invalid'));
      return;
    }
    setBusy(true);
    try {
      const accepted = unwrap(await api.POST('/v1/shipments', { body: parsed.data }));
      void message.success(t('create.created'));
      await navigate(`/shipments/${encodeURIComponent(accepted.id)}`);
    } catch (err) {
      if (err instanceof RequestFailed && err.body?.fields.length) {
        form.setFields(toFieldErrors(err.body.fields.map((f) => ({ path: bodyPath(f.path), message: f.message }))));
      }
      setProblem((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const input = (spec: FieldSpec, name: NamePath, label: string) => (
    <Col xs={24} sm={12} lg={8} key={spec.path}>
      <Form.Item name={name} label={label} required={!spec.optional} {...(spec.kind === 'boolean' ? { valuePropName: 'checked' } : {})}>
        {control(spec)}
      </Form.Item>
    </Col>
  );

  return (
    <Form form={form} layout="vertical" initialValues={initialValues(mode)} onFinish={() => void submit()}>
      <Card style={{ marginBottom: 16 }}>
        <Row gutter={16}>{fields.header.map((spec) => input(spec, spec.path.split('.'), t(`form.field.${spec.path}`)))}</Row>
      </Card>
      <Card title={<h2 className="card-title">{t('create.items')}</h2>} style={{ marginBottom: 16 }}>
        <Form.List name="items">
          {(items, { add, remove }) => (
            <>
              {items.map((item) => (
                <Row gutter={16} key={item.key} style={{ borderBottom: '1px solid #f0f0f0', marginBottom: 12 }}>
                  {fields.item.map((spec) => input(spec, [item.name, ...spec.path.split('.')], t(`form.item.${spec.path}`)))}
                  <Col span={24} style={{ marginBottom: 12 }}>
                    <Button onClick={() => remove(item.name)} disabled={items.length === 1}>
                      {t('create.removeItem')}
                    </Button>
                  </Col>
                </Row>
              ))}
              <Button onClick={() => add(emptyItem(mode))}>{t('create.addItem')}</Button>
            </>
          )}
        </Form.List>
      </Card>
      {problem ? (
        <Typography.Paragraph type="danger" role="alert">
          {problem}
        </Typography.Paragraph>
      ) : null}
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('create.submit')}
      </Button>
    </Form>
  );
}

function control(spec: FieldSpec) {
  const kind = spec.kind;
  if (kind === 'boolean') return <Switch />;
  if (kind === 'number') return <InputNumber min={0} style={{ width: '100%' }} />;
  if (kind === 'integer') return <InputNumber min={0} precision={0} style={{ width: '100%' }} />;
  if (kind === 'text') return <Input />;
  return <Select allowClear={spec.optional} options={kind.options.map((o) => ({ value: o, label: String(o) }))} />;
}

function toFieldErrors(issues: { path: NamePath; message: string }[]): FieldError[] {
  const byName = new Map<string, FieldError>();
  for (const issue of issues) {
    const key = issue.path.join('.');
    const entry = byName.get(key) ?? { name: issue.path, errors: [] };
    entry.errors.push(issue.message);
    byName.set(key, entry);
  }
  return [...byName.values()];
}

function emptyItem(mode: Mode): Record<string, unknown> {
  return mode === '1210' ? { unit: '011', legalUnit: '035', qty: 1, vatRateBp: 1300 } : { unit: '011', legalUnit: '035', qty: 1 };
}

/**
 * The usual values of a Dazhou shipment in each mode (as in examples/shipment-*.json), to edit.
 * 1210: the zone's bonded logistics centre warehouse and the time of payment now.
 */
function initialValues(mode: Mode): Record<string, unknown> {
  const items = [emptyItem(mode)];
  if (mode === '1210') {
    return {
      warehouse: { code: 'CTU-BLC-01', emsNo: 'T7901W000101', areaCode: '510196W001', areaName: '成都空港保税物流中心仓储企业（模拟）' },
      payment: { paidAt: new Date().toISOString() },
      freight: 0,
      items,
    };
  }
  const exportValues = { corridor: 'CR_EXPRESS_CHENGDU', currency: 'EUR', destination: { country: '304', port: 'DEU' }, freight: 0, insuredFee: 0, packages: 1, items };
  if (mode === '9710') return { ...exportValues, currency: 'USD', buyer: { country: '304' }, refundClaim: true };
  if (mode === '9810') return { ...exportValues, warehouse: { code: 'DE-DUI-01' }, refundClaim: true };
  return exportValues;
}
