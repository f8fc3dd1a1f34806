/** What a signed-in person's roles mean for the web app: which shell and which pages. */
import type { MeResponse } from '../../../../contracts/identity';
import type { Role } from '../../../../contracts/roles';

export const AUDIT_ROLES: readonly Role[] = ['city_admin', 'supervisor'];

/** A person whose only roles are `resident` gets the phone layout (/h5) and nothing else. */
export function isResidentOnly(me: MeResponse): boolean {
  if (me.grants.length === 0) return me.user.residentId != null;
  return me.grants.every((g) => g.role === 'resident');
}

/** True if one of the person's roles is in `roles`. */
export function hasAnyRole(me: MeResponse, roles: readonly Role[]): boolean {
  return me.grants.some((g) => roles.includes(g.role));
}

/** Staff roles (anything but plain resident) may browse the organisation tree. */
export function canBrowseOrg(me: MeResponse): boolean {
  return me.grants.some((g) => g.role !== 'resident');
}

/** Where a person lands after signing in. */
export function homePathFor(me: MeResponse): string {
  return isResidentOnly(me) ? '/h5' : '/';
}
