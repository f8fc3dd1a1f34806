/** Every route of the app and the guard in front of it. */
import { createBrowserRouter } from 'react-router';
import { GovernancePage } from './modules/governance/GovernancePage';
import { AssessmentPage } from './modules/governance/AssessmentPage';
import { ASSESSMENT_READ_ROLES } from './modules/governance/assessment.api';
import { DisclosurePage } from './modules/governance/DisclosurePage';
import { H5GovernancePage } from './modules/governance/H5GovernancePage';
import { NoticesPage } from './modules/governance/NoticesPage';
import { NoticePrintPage, PublicNoticePage, PublicNoticesPage } from './modules/governance/PublicNoticePage';
import { GOV_READ_ROLES, NOTICE_ROLES } from './modules/governance/governance.api';
import { AuditPage } from './modules/identity/AuditPage';
import { LoginPage } from './modules/identity/LoginPage';
import { AUDIT_ROLES } from './modules/identity/roles';
import { OrgPage } from './modules/places/OrgPage';
import { GridsPage } from './modules/places/GridsPage';
import { GRID_READ_ROLES } from './modules/places/grids.api';
import { TeamsPage } from './modules/teams/TeamsPage';
import { H5TeamsPage } from './modules/teams/H5TeamsPage';
import { TEAM_READ_ROLES } from './modules/teams/teams.api';
import { PartyMembersPage } from './modules/registry/PartyMembersPage';
import { MEMBER_READ_ROLES } from './modules/registry/partyMembers.api';
import { CoveragePage } from './modules/party/CoveragePage';
import { PARTY_READ_ROLES } from './modules/party/party.api';
import { MyHomePage } from './modules/registry/MyHomePage';
import { H5ActivitiesPage } from './modules/activities/H5ActivitiesPage';
import { H5ScanPage } from './modules/activities/H5ScanPage';
import { ActivitiesPage } from './modules/activities/ActivitiesPage';
import { ACTIVITY_READ_ROLES } from './modules/activities/activities.api';
import { H5PointsPage } from './modules/points/H5PointsPage';
import { PointsPage } from './modules/points/PointsPage';
import { MemberServicePage } from './modules/member-service/MemberServicePage';
import { MobileMembersPage } from './modules/mobile-members/MobileMembersPage';
import { MOBILE_READ_ROLES } from './modules/mobile-members/mobileMembers.api';
import { SERVICE_READ_ROLES } from './modules/member-service/memberService.api';
import { POINTS_READ_ROLES } from './modules/points/points.api';
import { ImportPage } from './modules/registry/ImportPage';
import { IMPORT_ROLES } from './modules/registry/import.api';
import { ApiKeysPage, API_KEY_ROLES } from './modules/open311/ApiKeysPage';
import { DashboardPage, DASHBOARD_ROLES } from './modules/supervision/DashboardPage';
import { BigScreenPage } from './modules/supervision/BigScreenPage';
import { AdaptiveShell, RequireSession, StaffOnly } from './shell/guards';
import { HomePage } from './shell/HomePage';
import { MobileLayout } from './shell/MobileLayout';
import { NotFoundPage } from './shell/NotFoundPage';
import { DispatchPage } from './modules/tickets/DispatchPage';
import { MetricsPage } from './modules/tickets/MetricsPage';
import { MyTicketsPage } from './modules/tickets/MyTicketsPage';
import { PublicListPage } from './modules/tickets/PublicListPage';
import { QueuePage } from './modules/tickets/QueuePage';
import { PatrolPage, PhoneEntryPage, ReportPage } from './modules/tickets/ReportPages';
import { TicketDetailPage } from './modules/tickets/TicketDetailPage';
import { METRICS_ROLES, OVERSIGHT_ROLES, PATROL_ROLES, PHONE_ROLES, QUEUE_ROLES } from './modules/tickets/vocab';

import { LivePage } from './modules/property/LivePage';
import { RulesPage } from './modules/property/RulesPage';
import { DEVICE_READ_ROLES } from './modules/property/property.api';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/public', element: <PublicListPage /> },
  { path: '/gs/notices', element: <PublicNoticesPage /> },
  { path: '/gs/notices/:id', element: <PublicNoticePage /> },
  { path: '/gs/notices/:id/print', element: <NoticePrintPage /> },
  {
    element: <RequireSession />,
    children: [
      // The wall display: no shell, the whole window.
      { path: '/big-screen', element: <StaffOnly roles={DASHBOARD_ROLES}><BigScreenPage /></StaffOnly> },
      {
        path: '/h5',
        element: <MobileLayout />,
        children: [
          { index: true, element: <MyHomePage /> },
          { path: 'report', element: <ReportPage /> },
          { path: 'tickets', element: <MyTicketsPage /> },
          { path: 'gov', element: <H5GovernancePage /> },
          { path: 'queue', element: <QueuePage /> },
          { path: 'activities', element: <H5ActivitiesPage /> },
          { path: 'scan', element: <H5ScanPage /> },
          { path: 'points', element: <H5PointsPage /> },
          { path: 'teams', element: <H5TeamsPage /> },
        ],
      },
      {
        // Staff get the desktop layout, residents the phone one (a place link still works for them,
        // and the API decides whether they may see it).
        element: <AdaptiveShell />,
        children: [
          { index: true, element: <StaffOnly><HomePage /></StaffOnly> },
          { path: 'org', element: <StaffOnly><OrgPage /></StaffOnly> },
          { path: 'org/:code', element: <OrgPage /> },
          { path: 'grids', element: <StaffOnly roles={GRID_READ_ROLES}><GridsPage /></StaffOnly> },
          { path: 'teams', element: <StaffOnly roles={TEAM_READ_ROLES}><TeamsPage /></StaffOnly> },
          { path: 'members', element: <StaffOnly roles={MEMBER_READ_ROLES}><PartyMembersPage /></StaffOnly> },
          { path: 'party/coverage', element: <StaffOnly roles={PARTY_READ_ROLES}><CoveragePage /></StaffOnly> },
          { path: 'party/coverage/:code', element: <StaffOnly roles={PARTY_READ_ROLES}><CoveragePage /></StaffOnly> },
          { path: 'registry/import', element: <StaffOnly roles={IMPORT_ROLES}><ImportPage /></StaffOnly> },
          { path: 'supervision', element: <StaffOnly roles={DASHBOARD_ROLES}><DashboardPage /></StaffOnly> },
          { path: 'admin/api-keys', element: <StaffOnly roles={API_KEY_ROLES}><ApiKeysPage /></StaffOnly> },
          { path: 'activities', element: <StaffOnly roles={ACTIVITY_READ_ROLES}><ActivitiesPage /></StaffOnly> },
          { path: 'points', element: <StaffOnly roles={POINTS_READ_ROLES}><PointsPage /></StaffOnly> },
          { path: 'governance', element: <StaffOnly roles={GOV_READ_ROLES}><GovernancePage /></StaffOnly> },
          { path: 'disclosure', element: <StaffOnly roles={GOV_READ_ROLES}><DisclosurePage /></StaffOnly> },
          { path: 'assessment', element: <StaffOnly roles={ASSESSMENT_READ_ROLES}><AssessmentPage /></StaffOnly> },
          { path: 'notices', element: <StaffOnly roles={NOTICE_ROLES}><NoticesPage /></StaffOnly> },
          { path: 'member-service', element: <StaffOnly roles={SERVICE_READ_ROLES}><MemberServicePage /></StaffOnly> },
          { path: 'mobile-members', element: <StaffOnly roles={MOBILE_READ_ROLES}><MobileMembersPage /></StaffOnly> },
          { path: 'audit', element: <StaffOnly roles={AUDIT_ROLES}><AuditPage /></StaffOnly> },
          // A ticket opens in either layout: residents follow their own on the phone.
          { path: 'tickets/:id', element: <TicketDetailPage /> },
          { path: 'work/queue', element: <StaffOnly roles={QUEUE_ROLES}><QueuePage /></StaffOnly> },
          { path: 'work/patrol', element: <StaffOnly roles={PATROL_ROLES}><PatrolPage /></StaffOnly> },
          { path: 'work/dispatch', element: <StaffOnly roles={OVERSIGHT_ROLES}><DispatchPage /></StaffOnly> },
          { path: 'work/phone', element: <StaffOnly roles={PHONE_ROLES}><PhoneEntryPage /></StaffOnly> },
          { path: 'work/metrics', element: <StaffOnly roles={METRICS_ROLES}><MetricsPage /></StaffOnly> },
          { path: 'property/live', element: <StaffOnly roles={DEVICE_READ_ROLES}><LivePage /></StaffOnly> },
          { path: 'property/rules', element: <StaffOnly roles={DEVICE_READ_ROLES}><RulesPage /></StaffOnly> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
