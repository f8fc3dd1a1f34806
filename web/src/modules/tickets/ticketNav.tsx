/** The ticket loop's desktop menu entries by role (the API still decides). */
import { BarChartOutlined, CheckSquareOutlined, DeploymentUnitOutlined, EnvironmentOutlined, GlobalOutlined, PhoneOutlined, ScheduleOutlined } from '@ant-design/icons';
import type { MeResponse } from '../../../../contracts/identity';
import { hasAnyRole } from '../identity/roles';
import type { NavEntry } from '../../shell/nav';
import { METRICS_ROLES, OVERSIGHT_ROLES, PATROL_ROLES, PHONE_ROLES, QUEUE_ROLES } from './vocab';

/** 我的待办, 待核查 and 巡查上报 for responders and grid workers; 工单调度, 电话登记, 考核指标 for staff; 办理清单 for all. */
export function ticketNavFor(me: MeResponse): NavEntry[] {
  const out: NavEntry[] = [];
  if (hasAnyRole(me, QUEUE_ROLES)) out.push({ path: '/work/queue', label: 'nav.queue', icon: <ScheduleOutlined /> });
  if (hasAnyRole(me, PATROL_ROLES)) {
    out.push({ path: '/work/queue?status=reported', label: 'nav.verify', icon: <CheckSquareOutlined /> });
    out.push({ path: '/work/patrol', label: 'nav.patrol', icon: <EnvironmentOutlined /> });
  }
  if (hasAnyRole(me, OVERSIGHT_ROLES)) out.push({ path: '/work/dispatch', label: 'nav.dispatch', icon: <DeploymentUnitOutlined /> });
  if (hasAnyRole(me, PHONE_ROLES)) out.push({ path: '/work/phone', label: 'nav.phone', icon: <PhoneOutlined /> });
  if (hasAnyRole(me, METRICS_ROLES)) out.push({ path: '/work/metrics', label: 'nav.metrics', icon: <BarChartOutlined /> });
  out.push({ path: '/public', label: 'nav.public', icon: <GlobalOutlined /> });
  return out;
}
