import { Alert, Button, Empty, Spin } from 'antd';
import { useTranslation } from 'react-i18next';

export function Loading() {
  const { t } = useTranslation();
  return (
    <div role="status" aria-live="polite" style={{ padding: 48, textAlign: 'center' }}>
      <Spin />
      <div>{t('state.loading')}</div>
    </div>
  );
}

export function Failed({ error, retry }: { error: Error; retry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      title={t('state.error', { message: error.message })}
      action={retry ? <Button onClick={retry}>{t('state.retry')}</Button> : undefined}
    />
  );
}

export function Nothing() {
  const { t } = useTranslation();
  return <Empty description={t('state.empty')} />;
}

/** A query's three states around its content. */
export function QueryState<T>({ query, children }: { query: { data: T | undefined; error: Error | null; isPending: boolean; refetch: () => unknown }; children: (data: T) => React.ReactNode }) {
  if (query.isPending) return <Loading />;
  if (query.error) return <Failed error={query.error} retry={() => void query.refetch()} />;
  return <>{children(query.data as T)}</>;
}
