/** Staff layout: side menu by role, header with name, language and 退出. */
import { useState } from 'react';
import { Avatar, Button, Flex, Layout, Menu, Typography } from 'antd';
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Link, Outlet, useLocation } from 'react-router';
import { useI18n } from '../i18n';
import { useMe, useSignOut } from '../modules/identity/session';
import { InboxBell } from '../modules/tickets/InboxBell';
import { LanguageSwitch } from './LanguageSwitch';
import { navFor, navKeyOf } from './nav';

export function DesktopLayout() {
  const me = useMe();
  const { t } = useI18n();
  const { signOut, pending } = useSignOut();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const entries = navFor(me);
  const selected = navKeyOf(location.pathname, entries, location.search);

  return (
    <Layout className="desktop">
      <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} breakpoint="lg" width={208}>
        <Link to="/" className="brand">
          <span className="brand-mark">邻</span>
          {!collapsed && <span className="brand-name">{t('app.name')}</span>}
        </Link>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          items={entries.map((e) => ({ key: e.path, icon: e.icon, label: <Link to={e.path}>{t(e.label)}</Link> }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="desktop-header">
          <Typography.Text type="secondary" className="desktop-subtitle">
            {t('app.subtitle')}
          </Typography.Text>
          <Flex align="center" gap={8}>
            <InboxBell />
            <Avatar size="small" icon={<UserOutlined />} />
            <Typography.Text strong data-testid="user-name">
              {me.user.displayName}
            </Typography.Text>
            <LanguageSwitch />
            <Button type="text" icon={<LogoutOutlined />} loading={pending} onClick={() => void signOut()}>
              {t('auth.logout')}
            </Button>
          </Flex>
        </Layout.Header>
        <Layout.Content className="desktop-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
