import { Button, Layout, Menu, Space, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { LanguageSwitch } from './LanguageSwitch.js';
import { useSession } from '../session.js';

const ENTERPRISE_NAV = [
  ['/', 'nav.overview'],
  ['/shipments', 'nav.shipments'],
  ['/shipments/new', 'nav.create'],
  ['/shipments/bulk', 'nav.bulk'],
  ['/products', 'products.title'],
  ['/stock', 'stock.title'],
  ['/credit', 'credit.title'],
  ['/reconciliation', 'recon.title'],
  ['/api-keys', 'keys.title', 'ADMIN'],
  ['/people', 'people.title', 'ADMIN'],
] as const;
const OPS_NAV = [
  ['/ops/dashboard', 'nav.dashboard'],
  ['/ops/registrations', 'nav.registrations'],
  ['/ops/holds', 'nav.holds'],
  ['/ops/inspections', 'nav.inspections'],
  ['/ops/sla-breaches', 'queues.slaBreachesNav'],
  ['/ops/summaries', 'summaries.nav'],
  ['/ops/reconciliation-alerts', 'queues.reconAlertsNav'],
  ['/ops/dead-letters', 'queues.deadLettersNav'],
  ['/ops/negative-list', 'negative.title'],
  ['/ops/finance-exposure', 'exposure.nav'],
  ['/ops/audit', 'audit.nav'],
] as const;
type NavItem = readonly [path: string, label: string, role?: string];

/** antd's `md` breakpoint as the Sider reads it: narrower than this, the menu hides behind its trigger. */
const PHONE_QUERY = '(max-width: 767.98px)';

/** Every signed-in page: header (language, who am I, sign out), navigation and the main landmark. */
export function Shell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { identity, signOut } = useSession();
  const location = useLocation();
  // start as the breakpoint will leave it: on a phone the menu is closed from the first paint, instead of
  // opening 200 px wide and closing once the Sider's media listener runs (the page jumped sideways)
  const [collapsed, setCollapsed] = useState(() => window.matchMedia(PHONE_QUERY).matches);
  // a page that needs a role (ADMIN: keys and people) is in the menu only for that role
  const nav = ((identity?.kind === 'ops' ? OPS_NAV : ENTERPRISE_NAV) as readonly NavItem[]).filter(([, , role]) => !role || identity?.role === role);
  const selected = [...nav].reverse().find(([path]) => (path === '/' ? location.pathname === '/' : location.pathname.startsWith(path)))?.[0];
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 12, paddingInline: 16, flexWrap: 'wrap', height: 'auto', minHeight: 64 }}>
        <Typography.Text strong style={{ color: '#fff', flex: '1 1 auto' }}>
          {t('app.title')}
        </Typography.Text>
        <Space wrap>
          <LanguageSwitch size="small" />
          <Typography.Text style={{ color: '#fff' }} data-testid="whoami">
            {identity ? t('session.whoami', { name: identity.enterpriseName ?? identity.name, role: identity.role }) : ''}
          </Typography.Text>
          <Button size="small" onClick={() => void signOut()}>
            {t('session.signOut')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider breakpoint="md" collapsedWidth={0} collapsed={collapsed} onCollapse={setCollapsed} theme="light" width={200} zeroWidthTriggerStyle={{ top: 8 }}>
          <nav aria-label={t('app.menu')}>
            <Menu
              mode="inline"
              selectedKeys={selected ? [selected] : []}
              items={nav.map(([path, label]) => ({ key: path, label: <Link to={path}>{t(label)}</Link> }))}
            />
          </nav>
        </Layout.Sider>
        <Layout.Content id="main" tabIndex={-1} style={{ padding: 16, minWidth: 0 }}>
          <main>{children}</main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
