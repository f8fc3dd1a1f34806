/** Phone layout for residents: a narrow column with the app bar on top and the tabs at the bottom. */
import { Button, Typography } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { Outlet } from 'react-router';
import { useI18n } from '../i18n';
import { useMe, useSignOut } from '../modules/identity/session';
import { H5TabBar } from '../modules/tickets/H5TabBar';
import { InboxBell } from '../modules/tickets/InboxBell';
import { LanguageSwitch } from './LanguageSwitch';

export function MobileLayout() {
  const me = useMe();
  const { t } = useI18n();
  const { signOut, pending } = useSignOut();
  return (
    <div className="h5">
      <header className="h5-bar">
        <span className="brand-mark">邻</span>
        <div className="h5-bar-title">
          <Typography.Text strong>{t('app.name')}</Typography.Text>
          <Typography.Text type="secondary" className="h5-bar-user" data-testid="user-name">
            {me.user.displayName}
          </Typography.Text>
        </div>
        <InboxBell size="small" />
        <LanguageSwitch size="small" />
        <Button size="small" icon={<LogoutOutlined />} loading={pending} onClick={() => void signOut()}>
          {t('auth.logout')}
        </Button>
      </header>
      <main className="h5-main">
        <Outlet />
      </main>
      <H5TabBar />
    </div>
  );
}
