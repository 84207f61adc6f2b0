import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import { Shell } from './components/Shell.js';
import { Loading } from './components/States.js';
import { Overview } from './pages/Overview.js';
import { ShipmentDetail } from './pages/ShipmentDetail.js';
import { Shipments } from './pages/Shipments.js';
import { SignIn } from './pages/SignIn.js';
import { Registrations } from './pages/ops/Registrations.js';
import { WorkQueue } from './pages/ops/WorkQueue.js';
import { useSession } from './session.js';
import { ApiKeys } from './pages/enterprise/ApiKeys.js';
import { BatchTrace } from './pages/enterprise/BatchTrace.js';
import { Credit } from './pages/enterprise/Credit.js';
import { People } from './pages/enterprise/People.js';
import { Products } from './pages/enterprise/Products.js';
import { Reconciliation } from './pages/enterprise/Reconciliation.js';
import { Stock } from './pages/enterprise/Stock.js';
import { Audit } from './pages/ops/Audit.js';
import { DeadLetters } from './pages/ops/DeadLetters.js';
import { Exposure } from './pages/ops/Exposure.js';
import { Drilldown } from './pages/ops/Drilldown.js';
import { NegativeList } from './pages/ops/NegativeList.js';
import { ReconciliationAlerts } from './pages/ops/ReconciliationAlerts.js';
import { Summaries } from './pages/ops/Summaries.js';

// loaded when first opened: the charts (ECharts) and the create form (zod schemas) stay out of the first download
const Dashboard = lazy(() => import('./pages/ops/Dashboard.js').then((m) => ({ default: m.Dashboard })));
const CreateShipment = lazy(() => import('./pages/CreateShipment.js').then((m) => ({ default: m.CreateShipment })));
const BulkCreate = lazy(() => import('./pages/BulkCreate.js').then((m) => ({ default: m.BulkCreate })));

/** Ant Design's default greys fall below WCAG AA contrast (4.5:1) for text: darker ones here. */
const SECONDARY_TEXT = 'rgba(0, 0, 0, 0.6)';
const THEME = {
  token: {
    colorPrimary: '#0b5cad',
    colorInfo: '#0b5cad',
    colorLink: '#0b5cad',
    colorError: '#cf1322',
    colorTextSecondary: SECONDARY_TEXT,
    colorTextTertiary: SECONDARY_TEXT,
    colorTextQuaternary: SECONDARY_TEXT,
    colorTextDescription: SECONDARY_TEXT,
    colorTextPlaceholder: SECONDARY_TEXT,
    colorTextDisabled: SECONDARY_TEXT,
  },
};

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={THEME} button={{ autoInsertSpace: false }}>
      <AntApp>
        <Pages />
      </AntApp>
    </ConfigProvider>
  );
}

function Pages() {
  const { identity, loading } = useSession();
  if (loading) return <Loading />;
  if (!identity) {
    return (
      <Routes>
        <Route path="*" element={<SignIn />} />
      </Routes>
    );
  }
  return (
    <Shell>
      <Suspense fallback={<Loading />}>
      {identity.kind === 'ops' ? (
        <Routes>
          <Route path="/" element={<Navigate to="/ops/dashboard" replace />} />
          <Route path="/ops/dashboard" element={<Dashboard />} />
          <Route path="/ops/registrations" element={<Registrations />} />
          <Route path="/ops/holds" element={<WorkQueue status="RISK_HOLD" />} />
          <Route path="/ops/inspections" element={<WorkQueue status="INSPECTION" />} />
          <Route path="/ops/sla-breaches" element={<WorkQueue status="SLA_BREACHED" />} />
          <Route path="/ops/summaries" element={<Summaries />} />
          <Route path="/ops/reconciliation-alerts" element={<ReconciliationAlerts />} />
          <Route path="/ops/dead-letters" element={<DeadLetters />} />
          <Route path="/ops/negative-list" element={<NegativeList />} />
          <Route path="/ops/finance-exposure" element={<Exposure />} />
          <Route path="/ops/audit" element={<Audit />} />
          <Route path="/ops/drilldown" element={<Drilldown />} />
          <Route path="/ops/shipments/:id" element={<ShipmentDetail ops />} />
          <Route path="*" element={<Navigate to="/ops/dashboard" replace />} />
        </Routes>
      ) : (
        <Routes>
          <Route path="/" element={<Overview />} />
          <Route path="/shipments" element={<Shipments />} />
          <Route path="/shipments/new" element={<CreateShipment />} />
          <Route path="/shipments/bulk" element={<BulkCreate />} />
          <Route path="/shipments/:id" element={<ShipmentDetail />} />
          <Route path="/products" element={<Products />} />
          <Route path="/products/:id/batches/:batchNo" element={<BatchTrace />} />
          <Route path="/stock" element={<Stock />} />
          <Route path="/credit" element={<Credit />} />
          <Route path="/reconciliation" element={<Reconciliation />} />
          <Route path="/api-keys" element={<ApiKeys />} />
          <Route path="/people" element={<People />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      )}
      </Suspense>
    </Shell>
  );
}
