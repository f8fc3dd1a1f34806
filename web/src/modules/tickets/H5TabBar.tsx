/** The phone layout's bottom tabs: 我的家, 我要反映, 我的诉求, and 待办 for residents who serve on a team (when something awaits them). */
import type { ReactNode } from 'react';
import { Badge } from 'antd';
import { BankOutlined, CalendarOutlined, EditOutlined, GiftOutlined, HomeOutlined, ProfileOutlined, ScheduleOutlined } from '@ant-design/icons';
import { NavLink } from 'react-router';
import { useI18n, type MessageKey } from '../../i18n';
import { useTicketList } from './tickets.api';

interface Tab {
  to: string;
  label: MessageKey;
  icon: ReactNode;
  end?: boolean;
  badge?: number;
}

export function H5TabBar() {
  const { t } = useI18n();
  // Team membership is not on /me: a resident on a team has a queue when a ticket awaits her team.
  const queue = useTicketList({ scope: 'queue', pageSize: 1 });
  const waiting = queue.data?.total ?? 0;
  const tabs: Tab[] = [
    { to: '/h5', label: 'nav.myHome', icon: <HomeOutlined />, end: true },
    { to: '/h5/report', label: 'tickets.tab.report', icon: <EditOutlined /> },
    { to: '/h5/tickets', label: 'tickets.tab.mine', icon: <ProfileOutlined /> },
    { to: '/h5/activities', label: 'activities.tab', icon: <CalendarOutlined /> },
    { to: '/h5/points', label: 'points.tab', icon: <GiftOutlined /> },
    { to: '/h5/gov', label: 'gov.tab', icon: <BankOutlined /> },
  ];
  if (waiting > 0) tabs.push({ to: '/h5/queue', label: 'tickets.tab.queue', icon: <ScheduleOutlined />, badge: waiting });
  return (
    <nav className="h5-tabs" data-testid="h5-tabs">
      {tabs.map((tab) => (
        <NavLink key={tab.to} to={tab.to} end={tab.end} className={({ isActive }) => (isActive ? 'h5-tab h5-tab-active' : 'h5-tab')}>
          <Badge count={tab.badge} size="small" offset={[6, 0]}>
            <span className="h5-tab-icon">{tab.icon}</span>
          </Badge>
          <span className="h5-tab-label">{t(tab.label)}</span>
        </NavLink>
      ))}
    </nav>
  );
}
