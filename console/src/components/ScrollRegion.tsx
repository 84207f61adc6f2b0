import type { ReactNode } from 'react';

/** A wide table on a narrow screen: scrolls sideways on its own, reachable and scrollable by keyboard (a named, focusable region). */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto' }}>
      {children}
    </div>
  );
}
