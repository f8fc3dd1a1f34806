/** Route guards: signed in at all, which layout, and which roles may see a page. */
import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import type { Role } from '../../../contracts/roles';
import { hasAnyRole, isResidentOnly } from '../modules/identity/roles';
import { MeContext, useMe, useSession } from '../modules/identity/session';
import { ErrorView } from './ErrorView';
import { PageSpin } from './PageSpin';
import { DesktopLayout } from './DesktopLayout';
import { MobileLayout } from './MobileLayout';
import { ApiError } from '../api';

/** Anonymous visitors go to /login and come back afterwards. */
export function RequireSession() {
  const { me, isLoading, error, refetch } = useSession();
  const location = useLocation();
  if (isLoading) return <PageSpin />;
  if (error) return <ErrorView error={error} onRetry={() => void refetch()} />;
  if (!me) {
    const here = location.pathname + location.search;
    return <Navigate to={here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`} replace />;
  }
  return (
    <MeContext.Provider value={me}>
      <Outlet />
    </MeContext.Provider>
  );
}

/** Residents get the phone layout wherever they are; everyone else the desktop one. */
export function AdaptiveShell() {
  const me = useMe();
  return isResidentOnly(me) ? <MobileLayout /> : <DesktopLayout />;
}

/** Staff pages: residents are sent to /h5; staff without one of `roles` see 无权访问. */
export function StaffOnly({ roles, children }: { roles?: readonly Role[]; children: ReactNode }) {
  const me = useMe();
  if (isResidentOnly(me)) return <Navigate to="/h5" replace />;
  if (roles && !hasAnyRole(me, roles)) return <ErrorView error={new ApiError(403, 'FORBIDDEN', 'forbidden')} />;
  return <>{children}</>;
}
