import { useQuery } from '@tanstack/react-query';
import { Select, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api.js';
import { PageTitle } from '../../components/PageTitle.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';
import { Failed, Nothing } from '../../components/States.js';

const SYSTEMS = ['bonded-warehouse', 'overseas-warehouse'] as const;
type System = (typeof SYSTEMS)[number];

/** My stock per warehouse and SKU: on hand, reserved by open orders, available (bonded 1210 and overseas 9810). */
export function Stock() {
  const { t } = useTranslation();
  const [system, setSystem] = useState<System>('bonded-warehouse');
  const stock = useQuery({ queryKey: ['stock', system], queryFn: async () => unwrap(await api.GET('/v1/stock', { params: { query: { system } } })), refetchInterval: 10_000 });
  return (
    <>
      <PageTitle>{t('stock.title')}</PageTitle>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select aria-label={t('stock.system')} value={system} onChange={setSystem} style={{ width: 200 }} options={SYSTEMS.map((s) => ({ value: s, label: t(`stock.${s}`) }))} />
      </Space>
      {stock.error ? <Failed error={stock.error} retry={() => void stock.refetch()} /> : null}
      <ScrollRegion label={t('stock.title')}>
        <Table
          rowKey={(r) => `${r.warehouseCode}/${r.sku}`}
          loading={stock.isPending}
          dataSource={stock.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: <Nothing /> }}
          columns={[
            { title: t('stock.warehouse'), dataIndex: 'warehouseCode' },
            { title: 'SKU', dataIndex: 'sku' },
            { title: t('stock.onHand'), dataIndex: 'onHand', align: 'right' },
            { title: t('stock.reserved'), dataIndex: 'reserved', align: 'right' },
            { title: t('stock.available'), dataIndex: 'available', align: 'right' },
          ]}
        />
      </ScrollRegion>
    </>
  );
}
