import { Button, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Server-side pages by cursor: the cursors of the pages seen so far, the last one current. */
export function useCursors() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  return {
    cursor: cursors[cursors.length - 1],
    onFirstPage: cursors.length === 1,
    first: () => setCursors([undefined]),
    next: (cursor: string) => setCursors([...cursors, cursor]),
  };
}

export function Pager({ pages, nextCursor }: { pages: ReturnType<typeof useCursors>; nextCursor: string | null | undefined }) {
  const { t } = useTranslation();
  return (
    <Space style={{ marginTop: 16 }}>
      <Button disabled={pages.onFirstPage} onClick={pages.first}>
        {t('shipments.first')}
      </Button>
      <Button disabled={!nextCursor} onClick={() => nextCursor && pages.next(nextCursor)}>
        {t('shipments.next')}
      </Button>
    </Space>
  );
}
