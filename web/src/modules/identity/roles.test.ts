import { describe, expect, it } from 'vitest';
import type { MeResponse } from '../../../../contracts/identity';
import type { Role } from '../../../../contracts/roles';
import { canBrowseOrg, hasAnyRole, homePathFor, isResidentOnly } from './roles';

function me(roles: Role[], residentId: string | null = null): MeResponse {
  return {
    user: { id: 'u', username: 'u', displayName: 'U', residentId },
    grants: roles.map((role, i) => ({ id: String(i), role, scopeKind: 'place', scopeCode: '1406', scopeName: '朔州市' })),
    csrfToken: 't',
  };
}

describe('roles', () => {
  it('sends residents, and only residents, to the phone layout', () => {
    expect(homePathFor(me(['resident'], 'r'))).toBe('/h5');
    expect(homePathFor(me(['resident', 'unit_head'], 'r'))).toBe('/');
    expect(homePathFor(me(['city_admin']))).toBe('/');
    expect(isResidentOnly(me([], 'r'))).toBe(true);
    expect(isResidentOnly(me([]))).toBe(false);
  });

  it('lets staff browse the tree and only admins and supervisors read the audit log', () => {
    expect(canBrowseOrg(me(['resident']))).toBe(false);
    expect(canBrowseOrg(me(['property_staff']))).toBe(true);
    expect(hasAnyRole(me(['supervisor']), ['city_admin', 'supervisor'])).toBe(true);
    expect(hasAnyRole(me(['county_staff']), ['city_admin', 'supervisor'])).toBe(false);
  });
});
