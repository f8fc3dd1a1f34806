/** The public list 线上问题办理清单 (no sign-in): a page of tickets and one ticket's public timeline. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { PublicListResponse, PublicTicketDetail } from '../../../../contracts/ticket-public';
import { api } from '../../api';
import type { TicketStatus } from './tickets.api';

export type PublicList = Static<typeof PublicListResponse>;
export type PublicDetail = Static<typeof PublicTicketDetail>;
export type PublicTicket = PublicList['items'][number];

export interface PublicFilters {
  place?: string;
  category?: string;
  status?: 'open' | 'closed' | 'shelved';
  from?: string;
  to?: string;
  q?: string;
  page: number;
}

export const PUBLIC_KEY = ['public-tickets'] as const;
export const PUBLIC_PAGE_SIZE = 20;

export function usePublicList(f: PublicFilters) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== '') params.set(k, String(v));
  params.set('pageSize', String(PUBLIC_PAGE_SIZE));
  return useQuery({
    queryKey: [...PUBLIC_KEY, 'list', f],
    queryFn: () => api<PublicList>(`/public/tickets?${params}`),
    placeholderData: keepPreviousData,
  });
}

export function usePublicTicket(number: string | null) {
  return useQuery({
    queryKey: [...PUBLIC_KEY, 'one', number],
    queryFn: () => api<PublicDetail>(`/public/tickets/${encodeURIComponent(number!)}`),
    enabled: !!number,
  });
}

/** The public list and GET /tickets/similar write statuses as Chinese labels (STATUS_LABEL): back to the status (a status passes through). */
const LABEL_STATUS: Record<string, TicketStatus> = {
  待派遣: 'registered',
  已派遣: 'dispatched',
  处置中: 'in_progress',
  待核查: 'reported',
  已结案: 'closed',
  已挂账: 'shelved',
  已注销: 'cancelled',
  已合并: 'merged',
};

export function statusOfLabel(label: string): TicketStatus | null {
  return LABEL_STATUS[label] ?? (Object.values(LABEL_STATUS).includes(label as TicketStatus) ? (label as TicketStatus) : null);
}
