import { useQuery } from '@tanstack/react-query';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api.js';
import { when } from './PageTitle.js';
import { ToneTag } from './StatusTag.js';

/** My webhook endpoints that need me: disabled by the platform after failing, or failing now. Nothing when all deliver. */
export function FailingWebhooks() {
  const { t } = useTranslation();
  const endpoints = useQuery({ queryKey: ['webhook-endpoints'], queryFn: async () => unwrap(await api.GET('/v1/webhook-endpoints')), refetchInterval: 30_000 });
  if (endpoints.error) return <Typography.Paragraph type="danger">{t('state.error', { message: endpoints.error.message })}</Typography.Paragraph>;
  const failing = (endpoints.data?.items ?? []).filter((e) => e.status === 'DISABLED' || e.failingSince);
  if (failing.length === 0) return null;
  return (
    <>
      <Typography.Paragraph strong style={{ marginTop: 12, marginBottom: 4 }}>
        {t('webhooks.failing')}
      </Typography.Paragraph>
      <ul className="plain-list" data-testid="failing-webhooks">
        {failing.map((e) => (
          <li key={e.id}>
            <span style={{ overflowWrap: 'anywhere' }}>
              {e.url} {e.disabledReason ? `· ${e.disabledReason}` : e.failingSince ? `· ${t('webhooks.since', { at: when(e.failingSince) })}` : ''}
            </span>
            <ToneTag tone={e.status === 'DISABLED' ? 'problem' : 'attention'}>{t(e.status === 'DISABLED' ? 'webhooks.disabled' : 'webhooks.failingNow')}</ToneTag>
          </li>
        ))}
      </ul>
    </>
  );
}
