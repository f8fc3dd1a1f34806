/** Party-organisation coverage: the plan, the report, adoption and unit centre households. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AdoptResult, CentreHousehold, CoveragePlanView, CoverageReport, UnitCentre } from '../../../../contracts/party';
import type { MeResponse } from '../../../../contracts/identity';
import type { PlaceLevel, Role } from '../../../../contracts/roles';
import { api } from '../../api';
import { hasAnyRole } from '../identity/roles';

/** The server's party policy, for showing what a person may do (the API still decides). */
export const PARTY_READ_ROLES: readonly Role[] = ['branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin', 'supervisor'];
export const PARTY_ADOPT_ROLES: readonly Role[] = ['community_staff', 'township_staff', 'county_staff', 'city_admin'];
export const CENTRE_APPOINT_ROLES: readonly Role[] = ['branch_secretary', ...PARTY_ADOPT_ROLES];

/** Levels each part of the page works at. */
export const PLAN_LEVELS: readonly PlaceLevel[] = ['city', 'county', 'township', 'community', 'compound'];
export const ADOPT_LEVELS: readonly PlaceLevel[] = ['township', 'community'];
export const CENTRE_LEVELS: readonly PlaceLevel[] = ['community', 'compound', 'building'];

export const canSeeCoverage = (me: MeResponse) => hasAnyRole(me, PARTY_READ_ROLES);

const enc = encodeURIComponent;

export function usePlan(code: string | null) {
  return useQuery({ queryKey: ['party', 'plan', code], queryFn: () => api<CoveragePlanView>(`/party/coverage/${enc(code!)}`), enabled: !!code });
}

export function useReport(code: string | null) {
  return useQuery({ queryKey: ['party', 'report', code], queryFn: () => api<CoverageReport>(`/party/coverage/${enc(code!)}/report`), enabled: !!code });
}

export function useCentreHouseholds(code: string | null) {
  return useQuery({
    queryKey: ['party', 'centres', code],
    queryFn: () => api<UnitCentre[]>(`/party/places/${enc(code!)}/centre-households`),
    enabled: !!code,
  });
}

/** Everything the page shows changes after a write: refetch it all. */
function useInvalidateParty() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ['party'] });
}

export function useAdopt() {
  const invalidate = useInvalidateParty();
  return useMutation({
    mutationFn: ({ code, replace }: { code: string; replace: boolean }) =>
      api<AdoptResult>(`/party/coverage/${enc(code)}/adopt`, { method: 'POST', body: replace ? { replace } : {} }),
    onSuccess: invalidate,
  });
}

export function useAppoint() {
  const invalidate = useInvalidateParty();
  return useMutation({
    mutationFn: ({ unitCode, householdCode }: { unitCode: string; householdCode: string }) =>
      api<CentreHousehold>(`/party/units/${enc(unitCode)}/centre-household`, { method: 'PUT', body: { householdCode } }),
    onSuccess: invalidate,
  });
}
