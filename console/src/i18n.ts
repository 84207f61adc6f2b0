import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';
import formEn from './locales/shipment-form.en.json';
import formZhCN from './locales/shipment-form.zh-CN.json';

/** The console's two languages: zh-CN by default, English on the switch (kept in localStorage). */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'cbec.console.lang';

function savedLanguage(): Language {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  return saved === 'en' ? 'en' : 'zh-CN';
}

export function setLanguage(lang: Language): void {
  globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

type Strings = { [key: string]: string | Strings };

/** One language's strings from several files (a page's own file beside the shared one), merged key by key. */
function merged(...files: Strings[]): Strings {
  const out: Strings = {};
  for (const file of files) {
    for (const [key, value] of Object.entries(file)) {
      const before = out[key];
      out[key] = typeof value === 'object' && typeof before === 'object' ? merged(before, value) : value;
    }
  }
  return out;
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: merged(zhCN, formZhCN) }, en: { translation: merged(en, formEn) } },
  lng: savedLanguage(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});
document.documentElement.lang = i18n.language;

export default i18n;
