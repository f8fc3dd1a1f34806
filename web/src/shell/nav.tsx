/** The desktop menu: which entries each person sees. */
import type { ReactNode } from 'react';
import { ApartmentOutlined, ApiOutlined, AuditOutlined, DashboardOutlined, BorderOuterOutlined, CalendarOutlined, CarOutlined, FlagOutlined, GiftOutlined, HomeOutlined, SolutionOutlined, IdcardOutlined, TeamOutlined, UploadOutlined } from '@ant-design/icons';
import { AlertOutlined, ControlOutlined } from '@ant-design/icons';
import type { MeResponse } from '../../../contracts/identity';
import type { MessageKey } from '../i18n';
import { AUDIT_ROLES, canBrowseOrg, hasAnyRole } from '../modules/identity/roles';
import { IMPORT_ROLES } from '../modules/registry/import.api';
import { GRID_READ_ROLES } from '../modules/places/grids.api';
import { TEAM_READ_ROLES } from '../modules/teams/teams.api';
import { MEMBER_READ_ROLES } from '../modules/registry/partyMembers.api';
import { canSeeCoverage } from '../modules/party/party.api';
import { ticketNavFor } from '../modules/tickets/ticketNav';
import { GOV_READ_ROLES, NOTICE_ROLES } from '../modules/governance/governance.api';
import { ASSESSMENT_READ_ROLES } from '../modules/governance/assessment.api';
import { TrophyOutlined } from '@ant-design/icons';
import { BankOutlined, NotificationOutlined, ProfileOutlined } from '@ant-design/icons';
import { DEVICE_READ_ROLES } from '../modules/property/property.api';
import { API_KEY_ROLES } from '../modules/open311/ApiKeysPage';
import { DASHBOARD_ROLES } from '../modules/supervision/DashboardPage';
import { ACTIVITY_READ_ROLES } from '../modules/activities/activities.api';
import { POINTS_READ_ROLES } from '../modules/points/points.api';
import { SERVICE_READ_ROLES } from '../modules/member-service/memberService.api';
import { MOBILE_READ_ROLES } from '../modules/mobile-members/mobileMembers.api';

export interface NavEntry {
  path: string;
  label: MessageKey;
  icon: ReactNode;
}

/** 首页 for all; 组织架构 for staff; 网格管理, 三级队伍, 党员管理 by role; 党组织覆盖 for party staff; 审计日志 for city admins and supervisors. */
export function navFor(me: MeResponse): NavEntry[] {
  const entries: NavEntry[] = [{ path: '/', label: 'nav.home', icon: <HomeOutlined /> }, ...ticketNavFor(me)];
  if (hasAnyRole(me, DASHBOARD_ROLES)) entries.push({ path: '/supervision', label: 'nav.dashboard', icon: <DashboardOutlined /> });
  if (canBrowseOrg(me)) entries.push({ path: '/org', label: 'nav.org', icon: <ApartmentOutlined /> });
  if (hasAnyRole(me, GRID_READ_ROLES)) entries.push({ path: '/grids', label: 'nav.grids', icon: <BorderOuterOutlined /> });
  if (hasAnyRole(me, TEAM_READ_ROLES)) entries.push({ path: '/teams', label: 'nav.teams', icon: <TeamOutlined /> });
  if (hasAnyRole(me, MEMBER_READ_ROLES)) entries.push({ path: '/members', label: 'nav.members', icon: <IdcardOutlined /> });
  if (hasAnyRole(me, ACTIVITY_READ_ROLES)) entries.push({ path: '/activities', label: 'nav.activities', icon: <CalendarOutlined /> });
  if (hasAnyRole(me, POINTS_READ_ROLES)) entries.push({ path: '/points', label: 'nav.points', icon: <GiftOutlined /> });
  if (hasAnyRole(me, SERVICE_READ_ROLES)) entries.push({ path: '/member-service', label: 'nav.memberService', icon: <SolutionOutlined /> });
  if (hasAnyRole(me, MOBILE_READ_ROLES)) entries.push({ path: '/mobile-members', label: 'nav.mobileMembers', icon: <CarOutlined /> });
  if (canSeeCoverage(me)) entries.push({ path: '/party/coverage', label: 'nav.party', icon: <FlagOutlined /> });
  if (hasAnyRole(me, IMPORT_ROLES)) entries.push({ path: '/registry/import', label: 'nav.import', icon: <UploadOutlined /> });
  if (hasAnyRole(me, API_KEY_ROLES)) entries.push({ path: '/admin/api-keys', label: 'nav.apiKeys', icon: <ApiOutlined /> });
  if (hasAnyRole(me, GOV_READ_ROLES)) entries.push({ path: '/governance', label: 'nav.governance', icon: <BankOutlined /> }, { path: '/disclosure', label: 'nav.disclosure', icon: <ProfileOutlined /> });
  if (hasAnyRole(me, ASSESSMENT_READ_ROLES)) entries.push({ path: '/assessment', label: 'nav.assessment', icon: <TrophyOutlined /> });
  if (hasAnyRole(me, NOTICE_ROLES)) entries.push({ path: '/notices', label: 'nav.notices', icon: <NotificationOutlined /> });
  if (hasAnyRole(me, DEVICE_READ_ROLES)) {
    entries.push({ path: '/property/live', label: 'nav.propertyLive', icon: <AlertOutlined /> });
    entries.push({ path: '/property/rules', label: 'nav.propertyRules', icon: <ControlOutlined /> });
  }
  if (hasAnyRole(me, AUDIT_ROLES)) entries.push({ path: '/audit', label: 'nav.audit', icon: <AuditOutlined /> });
  return entries;
}

/** The menu entry a path belongs to (/org/1406 → /org), or null for a path outside the menu. */
export function navKeyOf(pathname: string, entries: NavEntry[], search = ''): string | null {
  if (pathname === '/') return '/';
  // An entry with a query (待核查 = the queue filtered) wins when the address matches it exactly.
  if (search && entries.some((e) => e.path === pathname + search)) return pathname + search;
  const entry = entries.find((e) => e.path !== '/' && (pathname === e.path || pathname.startsWith(e.path + '/')));
  return entry?.path ?? null;
}
