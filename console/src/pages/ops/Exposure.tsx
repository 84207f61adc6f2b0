import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Descriptions, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api.js';
import type { components } from '../../../../api/client/index.js';
import { FINANCE_PRODUCTS, type FinanceProduct } from '../../../../domain/finance/products.js';
import { PageTitle } from '../../components/PageTitle.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';
import { Failed, Nothing } from '../../components/States.js';

type Exposure = components['schemas']['FinanceExposure'];

/**
 * Ops: what the zone's enterprises owe the lenders through the platform (issue 20 item 6), per
 * enterprise, product and lender, largest outstanding principal first, and the sum per currency;
 * figures as GET /v1/ops/finance/exposure sums them from each loan's own ledger.
 */
export function Exposure() {
  const { t } = useTranslation();
  const [product, setProduct] = useState<FinanceProduct | undefined>();
  const exposure = useQuery({
    queryKey: ['finance-exposure', product],
    queryFn: async () => unwrap(await api.GET('/v1/ops/finance/exposure', { params: { query: product ? { product } : {} } })),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  const balanced = (ok: boolean) => <Tag color={ok ? 'green' : 'red'}>{t(ok ? 'exposure.balanced' : 'exposure.unbalanced')}</Tag>;
  return (
    <>
      <PageTitle>{t('exposure.title')}</PageTitle>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          aria-label={t('exposure.product')}
          placeholder={t('exposure.allProducts')}
          allowClear
          value={product}
          onChange={setProduct}
          style={{ width: 240, maxWidth: '100%' }}
          options={FINANCE_PRODUCTS.map((p) => ({ value: p, label: t(`exposure.products.${p}`) }))}
        />
      </Space>
      {exposure.error ? <Failed error={exposure.error} retry={() => void exposure.refetch()} /> : null}
      {(exposure.data?.totals ?? []).map((x) => (
        <Descriptions key={x.currency} data-testid={`exposure-total-${x.currency}`} bordered size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }} title={t('exposure.total', { currency: x.currency })}>
          <Descriptions.Item label={t('exposure.outstanding')}>{x.balances.principal.outstanding}</Descriptions.Item>
          <Descriptions.Item label={t('exposure.disbursed')}>{x.balances.principal.charged}</Descriptions.Item>
          <Descriptions.Item label={t('exposure.repaid')}>{x.balances.principal.repaid}</Descriptions.Item>
          <Descriptions.Item label={t('exposure.writtenOff')}>{x.balances.principal.writtenOff}</Descriptions.Item>
          <Descriptions.Item label={t('exposure.loans')}>{t('exposure.loanCounts', { loans: x.loans, open: x.open, inDefault: x.inDefault })}</Descriptions.Item>
          <Descriptions.Item label={t('exposure.ledgers')}>{balanced(x.balanced)}</Descriptions.Item>
        </Descriptions>
      ))}
      <ScrollRegion label={t('exposure.title')}>
        <Table<Exposure['groups'][number]>
          rowKey={(g) => `${g.enterpriseId}|${g.product}|${g.lender}|${g.currency}`}
          loading={exposure.isPending}
          dataSource={exposure.data?.groups ?? []}
          pagination={false}
          locale={{ emptyText: <Nothing /> }}
          columns={[
            { title: t('ops.enterprise'), render: (_, g) => `${g.enterpriseName} (${g.enterpriseId})` },
            { title: t('exposure.product'), dataIndex: 'product', render: (p: string) => t(`exposure.products.${p}`) },
            { title: t('exposure.lender'), dataIndex: 'lender', responsive: ['md'] },
            { title: t('exposure.outstanding'), render: (_, g) => `${g.currency} ${g.balances.principal.outstanding}`, align: 'right' },
            { title: t('exposure.disbursed'), render: (_, g) => g.balances.principal.charged, align: 'right', responsive: ['lg'] },
            { title: t('exposure.repaid'), render: (_, g) => g.balances.principal.repaid, align: 'right', responsive: ['lg'] },
            { title: t('exposure.loans'), render: (_, g) => t('exposure.loanCounts', { loans: g.loans, open: g.open, inDefault: g.inDefault }) },
            { title: t('exposure.ledgers'), render: (_, g) => balanced(g.balanced), responsive: ['md'] },
          ]}
        />
      </ScrollRegion>
    </>
  );
}
