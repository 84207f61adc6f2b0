import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Input, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../api.js';
import { Pager, useCursors } from '../components/Pager.js';
import { Failed } from '../components/States.js';
import { ScrollRegion } from '../components/ScrollRegion.js';
import { StatusTag } from '../components/StatusTag.js';
import { ShipmentStatus } from '../../../domain/status.js';

const MODES = ['9610', '9710', '9810', '1210'] as const;
type Mode = (typeof MODES)[number];

/** My shipments: server-side pages (cursor), filters by status and mode, search by order number. */
export function Shipments() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? undefined;
  const mode = (params.get('mode') ?? undefined) as Mode | undefined;
  const [orderNo, setOrderNo] = useState<string>();
  const pages = useCursors();
  const cursor = pages.cursor;
  const list = useQuery({
    queryKey: ['shipments', status, mode, orderNo, cursor],
    queryFn: async () =>
      unwrap(await api.GET('/v1/shipments', { params: { query: { limit: 20, ...(status ? { status } : {}), ...(mode ? { mode } : {}), ...(orderNo ? { orderNo } : {}), ...(cursor ? { cursor } : {}) } } })),
    placeholderData: keepPreviousData,
    refetchInterval: 5000,
  });
  const setFilter = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
    pages.first();
  };

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('shipments.title')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }} role="search">
        <Input.Search
          aria-label={t('shipments.search')}
          placeholder={t('shipments.search')}
          allowClear
          onSearch={(v) => {
            setOrderNo(v.trim() || undefined);
            pages.first();
          }}
          style={{ width: 240 }}
        />
        <Select
          aria-label={t('shipments.status')}
          allowClear
          placeholder={t('shipments.allStatuses')}
          value={status}
          onChange={(v?: string) => setFilter('status', v)}
          style={{ width: 180 }}
          options={Object.keys(ShipmentStatus).map((s) => ({ value: s, label: t(`status.${s}`) }))}
        />
        <Select
          aria-label={t('shipments.mode')}
          allowClear
          placeholder={t('shipments.allModes')}
          value={mode}
          onChange={(v?: string) => setFilter('mode', v)}
          style={{ width: 140 }}
          options={MODES.map((m) => ({ value: m, label: m }))}
        />
      </Space>
      {list.error ? <Failed error={list.error} retry={() => void list.refetch()} /> : null}
      <ScrollRegion label={t('shipments.title')}>
      <Table
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('shipments.orderNo'), dataIndex: 'orderNo', render: (v: string, r) => <Link to={`/shipments/${encodeURIComponent(r.id)}`}>{v}</Link> },
          { title: t('shipments.mode'), dataIndex: 'mode' },
          { title: t('shipments.status'), dataIndex: 'status', render: (v: string) => <StatusTag status={v} /> },
          { title: t('shipments.corridor'), dataIndex: 'corridor', responsive: ['md'] },
          { title: t('shipments.updatedAt'), dataIndex: 'updatedAt', responsive: ['md'], render: (v: string) => new Date(v).toLocaleString() },
        ]}
      />
      </ScrollRegion>
      <Pager pages={pages} nextCursor={list.data?.nextCursor} />
    </>
  );
}
