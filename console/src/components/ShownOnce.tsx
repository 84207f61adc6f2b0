import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** A secret the API shows once (a new API key, an invitation token): copy it now, it is never shown again. */
export function ShownOnce({ title, secret, onClose }: { title: string; secret: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="warning"
      showIcon
      closable={{ onClose, 'aria-label': t('keys.hide') }}
      style={{ marginBottom: 16 }}
      title={title}
      description={
        <>
          <Typography.Paragraph>{t('keys.shownOnce')}</Typography.Paragraph>
          <Typography.Text code copyable data-testid="shown-once">
            {secret}
          </Typography.Text>
        </>
      }
    />
  );
}
