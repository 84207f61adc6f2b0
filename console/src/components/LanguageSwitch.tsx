import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLanguage, type Language } from '../i18n.js';

export function LanguageSwitch({ size }: { size?: 'small' }) {
  const { t, i18n } = useTranslation();
  return (
    <Select<Language>
      aria-label={t('app.language')}
      size={size}
      value={i18n.language as Language}
      onChange={setLanguage}
      options={[
        { value: 'zh-CN', label: '中文' },
        { value: 'en', label: 'English' },
      ]}
    />
  );
}
