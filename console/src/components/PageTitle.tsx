import { Typography } from 'antd';
import type { ReactNode } from 'react';

/** A page's one h1. */
export function PageTitle({ children }: { children: ReactNode }) {
  return (
    <Typography.Title level={1} style={{ fontSize: 22 }}>
      {children}
    </Typography.Title>
  );
}

/** A date-time as the reader's locale writes it; a dash when there is none. */
export function when(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}
