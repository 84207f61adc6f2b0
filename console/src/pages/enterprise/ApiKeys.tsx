import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber, Popconfirm, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api.js';
import { PageTitle, when } from '../../components/PageTitle.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';
import { ShownOnce } from '../../components/ShownOnce.js';
import { Failed, Nothing } from '../../components/States.js';
import { useSession } from '../../session.js';
import { ToneTag } from '../../components/StatusTag.js';

/** My enterprise's API keys for machines: list (never the secret), issue one (shown once), revoke. ADMIN. */
export function ApiKeys() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const enterpriseId = useSession().identity?.enterpriseId ?? '';
  const [issued, setIssued] = useState<string>();
  const me = useQuery({ queryKey: ['enterprise-me'], queryFn: async () => unwrap(await api.GET('/v1/enterprises/me')) });
  const refresh = () => queries.invalidateQueries({ queryKey: ['enterprise-me'] });
  const issue = useMutation({
    mutationFn: async (v: { label?: string; expiresInDays?: number | null }) =>
      unwrap(await api.POST('/v1/enterprises/{id}/keys', { params: { path: { id: enterpriseId } }, body: { ...(v.label ? { label: v.label } : {}), ...(v.expiresInDays ? { expiresInDays: v.expiresInDays } : {}) } })),
    onSuccess: async (key) => {
      setIssued(key.key);
      await refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: async (keyId: string) => unwrap(await api.DELETE('/v1/enterprises/{id}/keys/{keyId}', { params: { path: { id: enterpriseId, keyId } } })),
    onSuccess: async () => {
      void message.success(t('keys.revoked'));
      await refresh();
    },
  });
  return (
    <>
      <PageTitle>{t('keys.title')}</PageTitle>
      {issued ? <ShownOnce title={t('keys.issued')} secret={issued} onClose={() => setIssued(undefined)} /> : null}
      <Form layout="inline" onFinish={(v: { label?: string; expiresInDays?: number | null }) => issue.mutate(v)} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="label" label={t('keys.label')} rules={[{ max: 60 }]}>
          <Input style={{ width: '100%', maxWidth: 200 }} />
        </Form.Item>
        <Form.Item name="expiresInDays" label={t('keys.expiresInDays')}>
          <InputNumber min={1} max={3660} style={{ width: '100%', maxWidth: 120 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={issue.isPending}>
          {t('keys.issue')}
        </Button>
      </Form>
      {issue.error ? <Failed error={issue.error} /> : null}
      {revoke.error ? <Failed error={revoke.error} /> : null}
      {me.error ? <Failed error={me.error} retry={() => void me.refetch()} /> : null}
      <ScrollRegion label={t('keys.title')}>
        <Table
          rowKey="id"
          loading={me.isPending}
          dataSource={[...(me.data?.apiKeys ?? [])].reverse()}
          pagination={false}
          locale={{ emptyText: <Nothing /> }}
          columns={[
            { title: t('keys.label'), dataIndex: 'label' },
            { title: t('keys.id'), dataIndex: 'id', responsive: ['md'] },
            { title: t('keys.state'), render: (_, k) => (k.revokedAt ? <ToneTag tone="ended">{t('keys.revokedAt', { at: when(k.revokedAt) })}</ToneTag> : <ToneTag tone="done">{t('keys.active')}</ToneTag>) },
            { title: t('keys.createdAt'), dataIndex: 'createdAt', render: when, responsive: ['md'] },
            { title: t('keys.expiresAt'), dataIndex: 'expiresAt', render: when },
            { title: t('keys.issuedBy'), dataIndex: 'issuedBy', render: (v: string | null) => v ?? '—', responsive: ['lg'] },
            {
              title: '',
              render: (_, k) =>
                k.revokedAt ? null : (
                  <Space>
                    <Popconfirm title={t('keys.revokeConfirm')} onConfirm={() => revoke.mutate(k.id)} okText={t('keys.revoke')} cancelText={t('keys.keep')}>
                      <Button danger loading={revoke.isPending && revoke.variables === k.id}>
                        {t('keys.revoke')}
                      </Button>
                    </Popconfirm>
                  </Space>
                ),
            },
          ]}
        />
      </ScrollRegion>
    </>
  );
}
