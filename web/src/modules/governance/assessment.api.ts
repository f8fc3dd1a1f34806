/** 考核评价: indicators, surveys and the yearly ranking. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { CreateIndicatorBody, CreateSurveyBody, Indicator, Ranking, SurveySchema, TargetKind } from '../../../../contracts/assessment';
import type { Role } from '../../../../contracts/roles';
import { api } from '../../api';

export type { Indicator, Ranking, TargetKind };
export type Survey = Static<typeof SurveySchema>;
export const ASSESSMENT_MANAGE_ROLES: readonly Role[] = ['community_staff', 'township_staff', 'county_staff', 'city_admin'];
export const ASSESSMENT_READ_ROLES: readonly Role[] = [...ASSESSMENT_MANAGE_ROLES, 'branch_secretary', 'grid_worker', 'supervisor'];

const enc = encodeURIComponent;
export const useIndicators = (community: string | null, year: number) =>
  useQuery({ queryKey: ['assessment', 'indicators', community, year], queryFn: () => api<Indicator[]>(`/assessment/indicators?community=${enc(community!)}&year=${year}`), enabled: !!community });
export const useRanking = (community: string | null, year: number, targetKind: TargetKind) =>
  useQuery({ queryKey: ['assessment', 'ranking', community, year, targetKind], queryFn: () => api<Ranking>(`/assessment/ranking?community=${enc(community!)}&year=${year}&targetKind=${targetKind}`), enabled: !!community });
/** A year's surveys of `community`; null asks for the signed-in resident's own community (staff wait for theirs: `enabled`). */
export const useSurveys = (community: string | null, year: number, enabled = true) =>
  useQuery({ queryKey: ['assessment', 'surveys', community, year], queryFn: () => api<Survey[]>(`/assessment/surveys?year=${year}${community ? `&community=${enc(community)}` : ''}`), enabled });

export function useAssessmentAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: { kind: 'indicator'; body: Static<typeof CreateIndicatorBody> } | { kind: 'survey'; body: Static<typeof CreateSurveyBody> } | { kind: 'answer'; id: string; score: number }): Promise<unknown> =>
      a.kind === 'indicator'
        ? api<Indicator>('/assessment/indicators', { method: 'POST', body: a.body })
        : a.kind === 'survey'
          ? api<Survey>('/assessment/surveys', { method: 'POST', body: a.body })
          : api<Survey>(`/assessment/surveys/${enc(a.id)}/responses`, { method: 'POST', body: { score: a.score } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['assessment'] }),
  });
}
