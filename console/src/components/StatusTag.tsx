import { Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** Text, background and border of each status tag: dark text on a light ground (WCAG AA contrast). */
const PALETTE = {
  done: ['#135200', '#f6ffed', '#b7eb8f'],
  problem: ['#a8071a', '#fff1f0', '#ffa39e'],
  attention: ['#873800', '#fff7e6', '#ffd591'],
  moving: ['#003a8c', '#e6f4ff', '#91caff'],
  returns: ['#391085', '#f9f0ff', '#d3adf7'],
  ended: ['#262626', '#fafafa', '#d9d9d9'],
} as const;

const KIND: Record<string, keyof typeof PALETTE> = {
  COMPLETED: 'done', REJECTED: 'problem', FAILED: 'problem', RISK_HOLD: 'attention', INSPECTION: 'attention', SLA_BREACHED: 'attention',
  CANCELLED: 'ended', CANCELLING: 'ended', RETURNING: 'returns', RETURNED: 'returns',
};

export type Tone = keyof typeof PALETTE;

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return <ToneTag tone={KIND[status] ?? 'moving'}>{t(`status.${status}`, { defaultValue: status })}</ToneTag>;
}

/** A tag in one of the status tones (Ant Design's preset colours fall below AA contrast for text). */
export function ToneTag({ tone, children }: { tone: Tone; children: ReactNode }) {
  const [color, background, borderColor] = PALETTE[tone];
  return <Tag style={{ color, background, borderColor }}>{children}</Tag>;
}
