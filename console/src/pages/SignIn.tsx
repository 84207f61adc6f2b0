import { Alert, Button, Card, Form, Input, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RequestFailed } from '../api.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { useSession } from '../session.js';

/** Sign in: an enterprise person with email and password, an ops person with their ops key. */
export function SignIn() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(body: { email: string; password: string } | { opsKey: string }) {
    setBusy(true);
    setError(undefined);
    try {
      await signIn(body);
    } catch (err) {
      setError(err instanceof RequestFailed && err.status === 401 ? t('session.failed') : (err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main style={{ maxWidth: 420, margin: '8vh auto', padding: 16 }}>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('app.title')}
      </Typography.Title>
      <div style={{ marginBottom: 16 }}>
        <LanguageSwitch />
      </div>
      <Card>
        {error ? <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} /> : null}
        <Tabs
          items={[
            {
              key: 'enterprise',
              label: t('session.enterprise'),
              children: (
                <Form layout="vertical" onFinish={(v: { email: string; password: string }) => void submit(v)} requiredMark={false}>
                  <Form.Item label={t('session.email')} name="email" rules={[{ required: true, type: 'email' }]}>
                    <Input autoComplete="username" type="email" />
                  </Form.Item>
                  <Form.Item label={t('session.password')} name="password" rules={[{ required: true }]}>
                    <Input.Password autoComplete="current-password" />
                  </Form.Item>
                  <Button type="primary" htmlType="submit" loading={busy} block>
                    {t('session.signIn')}
                  </Button>
                </Form>
              ),
            },
            {
              key: 'ops',
              label: t('session.ops'),
              children: (
                <Form layout="vertical" onFinish={(v: { opsKey: string }) => void submit(v)} requiredMark={false}>
                  <Form.Item label={t('session.opsKey')} name="opsKey" rules={[{ required: true }]}>
                    <Input.Password autoComplete="off" />
                  </Form.Item>
                  <Button type="primary" htmlType="submit" loading={busy} block>
                    {t('session.signIn')}
                  </Button>
                </Form>
              ),
            },
          ]}
        />
      </Card>
    </main>
  );
}
