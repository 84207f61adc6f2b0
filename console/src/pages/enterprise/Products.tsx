import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Input, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api.js';
import { PageTitle } from '../../components/PageTitle.js';
import { Pager, useCursors } from '../../components/Pager.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';
import { Failed, Nothing } from '../../components/States.js';
import type { components } from '../../../../api/client/index.js';

type Product = components['schemas']['Product'];

/** My products (server-side pages, find by SKU), each with its batches; a batch opens its trace. */
export function Products() {
  const { t } = useTranslation();
  const [sku, setSku] = useState<string>();
  const pages = useCursors();
  const cursor = pages.cursor;
  const list = useQuery({
    queryKey: ['products', sku, cursor],
    queryFn: async () => unwrap(await api.GET('/v1/products', { params: { query: { limit: 20, ...(sku ? { sku } : {}), ...(cursor ? { cursor } : {}) } } })),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <PageTitle>{t('products.title')}</PageTitle>
      <Space wrap style={{ marginBottom: 16 }} role="search">
        <Input.Search
          aria-label={t('products.findSku')}
          placeholder={t('products.findSku')}
          allowClear
          onSearch={(v) => {
            setSku(v.trim() || undefined);
            pages.first();
          }}
          style={{ width: 240 }}
        />
      </Space>
      {list.error ? <Failed error={list.error} retry={() => void list.refetch()} /> : null}
      <ScrollRegion label={t('products.title')}>
        <Table
          rowKey="id"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: <Nothing /> }}
          expandable={{ expandedRowRender: (p) => <Batches product={p} />, rowExpandable: (p) => p.batches.length > 0 }}
          columns={[
            { title: 'SKU', dataIndex: 'sku' },
            { title: t('products.name'), dataIndex: 'name' },
            { title: t('products.hsCode'), dataIndex: 'hsCode' },
            { title: t('products.spec'), dataIndex: 'spec', responsive: ['md'] },
            { title: t('products.manufacturer'), dataIndex: 'manufacturer', responsive: ['lg'] },
            { title: t('products.batches'), render: (_, p) => p.batches.length, align: 'right' },
          ]}
        />
      </ScrollRegion>
      <Pager pages={pages} nextCursor={list.data?.nextCursor} />
    </>
  );
}

function Batches({ product }: { product: Product }) {
  const { t } = useTranslation();
  return (
    <Table
      rowKey="batchNo"
      size="small"
      pagination={false}
      dataSource={product.batches}
      columns={[
        {
          title: t('products.batchNo'),
          dataIndex: 'batchNo',
          render: (v: string) => (
            <Link to={`/products/${encodeURIComponent(product.id)}/batches/${encodeURIComponent(v)}`} aria-label={t('products.traceOf', { batchNo: v })}>
              {v}
            </Link>
          ),
        },
        { title: t('products.producedOn'), dataIndex: 'producedOn', render: (v: string | null) => v ?? '—' },
        { title: t('products.expiresOn'), dataIndex: 'expiresOn', render: (v: string | null) => v ?? '—' },
        { title: t('products.quantity'), dataIndex: 'quantity', align: 'right', render: (v: string | null) => v ?? '—' },
      ]}
    />
  );
}
