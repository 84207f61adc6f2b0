import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Select, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api.js';
import { PageTitle, when } from '../../components/PageTitle.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';
import { ShownOnce } from '../../components/ShownOnce.js';
import { Failed, Nothing } from '../../components/States.js';
import { useSession } from '../../session.js';
import { ToneTag } from '../../components/StatusTag.js';

const ROLES = ['VIEWER', 'OPERATOR', 'ADMIN'] as const;
type Role = (typeof ROLES)[number];

/** My enterprise's people: list, invite a colleague with a role (the token shown once), change a role, disable or enable. ADMIN. */
export function People() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const me = useSession().identity?.personId;
  const [invited, setInvited] = useState<string>();
  const [form] = Form.useForm<{ email: string; name: string; role: Role }>();
  const people = useQuery({ queryKey: ['people'], queryFn: async () => unwrap(await api.GET('/v1/people')) });
  const refresh = () => queries.invalidateQueries({ queryKey: ['people'] });
  const invite = useMutation({
    mutationFn: async (body: { email: string; name: string; role: Role }) => unwrap(await api.POST('/v1/people', { body })),
    onSuccess: async (answer) => {
      setInvited(answer.invitation.token);
      form.resetFields();
      await refresh();
    },
  });
  const update = useMutation({
    mutationFn: async ({ id, body }: { id: string; body: { role?: Role; disabled?: boolean } }) => unwrap(await api.PATCH('/v1/people/{id}', { params: { path: { id } }, body })),
    onSuccess: async () => {
      void message.success(t('people.saved'));
      await refresh();
    },
  });
  return (
    <>
      <PageTitle>{t('people.title')}</PageTitle>
      {invited ? <ShownOnce title={t('people.invited')} secret={invited} onClose={() => setInvited(undefined)} /> : null}
      <Form form={form} layout="inline" initialValues={{ role: 'OPERATOR' }} onFinish={(v) => invite.mutate(v)} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="email" label={t('session.email')} rules={[{ required: true, type: 'email', message: t('people.emailNeeded') }]}>
          <Input type="email" style={{ width: '100%', maxWidth: 220 }} />
        </Form.Item>
        <Form.Item name="name" label={t('people.name')} rules={[{ required: true, max: 100, message: t('people.nameNeeded') }]}>
          <Input style={{ width: '100%', maxWidth: 160 }} />
        </Form.Item>
        <Form.Item name="role" label={t('people.role')}>
          <Select style={{ width: '100%', maxWidth: 140, minWidth: 120 }} options={ROLES.map((r) => ({ value: r, label: t(`people.roles.${r}`) }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={invite.isPending}>
          {t('people.invite')}
        </Button>
      </Form>
      {invite.error ? <Failed error={invite.error} /> : null}
      {update.error ? <Failed error={update.error} /> : null}
      {people.error ? <Failed error={people.error} retry={() => void people.refetch()} /> : null}
      <ScrollRegion label={t('people.title')}>
        <Table
          rowKey="id"
          loading={people.isPending}
          dataSource={people.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: <Nothing /> }}
          columns={[
            { title: t('people.name'), dataIndex: 'name' },
            { title: t('session.email'), dataIndex: 'email' },
            {
              title: t('people.role'),
              render: (_, p) => (
                <Select
                  aria-label={t('people.roleOf', { name: p.name })}
                  value={p.role}
                  disabled={p.id === me || p.status === 'DISABLED'}
                  onChange={(role: Role) => update.mutate({ id: p.id, body: { role } })}
                  style={{ width: 130 }}
                  options={ROLES.map((r) => ({ value: r, label: t(`people.roles.${r}`) }))}
                />
              ),
            },
            { title: t('people.status'), dataIndex: 'status', render: (v: string) => <ToneTag tone={v === 'ACTIVE' ? 'done' : v === 'DISABLED' ? 'ended' : 'moving'}>{t(`people.statuses.${v}`)}</ToneTag> },
            { title: t('keys.createdAt'), dataIndex: 'createdAt', render: when, responsive: ['md'] },
            {
              title: '',
              render: (_, p) =>
                p.id === me ? null : (
                  <Button danger={p.status !== 'DISABLED'} onClick={() => update.mutate({ id: p.id, body: { disabled: p.status !== 'DISABLED' } })}>
                    {p.status === 'DISABLED' ? t('people.enable') : t('people.disable')}
                  </Button>
                ),
            },
          ]}
        />
      </ScrollRegion>
    </>
  );
}
