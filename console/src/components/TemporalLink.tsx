import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api.js';

/**
 * For ops: a shipment's workflow in the Temporal Web UI (the shipment id is its workflow id; the UI
 * opens the latest run). The UI's address comes from GET /v1/ops/settings; none configured, no link.
 */
export function TemporalLink({ workflowId }: { workflowId: string }) {
  const { t } = useTranslation();
  const settings = useQuery({
    queryKey: ['ops-settings'],
    queryFn: async () => unwrap(await api.GET('/v1/ops/settings')),
    staleTime: Infinity,
  });
  const ui = settings.data?.temporalUi;
  if (!ui) return null;
  const href = `${ui.url}/namespaces/${encodeURIComponent(ui.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" data-testid="temporal-link">
      {t('detail.workflow')}
    </a>
  );
}
