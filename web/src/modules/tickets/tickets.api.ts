/** The ticket loop's API: categories, create (with Idempotency-Key), lists, detail, actions, follow. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ActionBody,
  CreateTicketBody,
  SuggestCategoryResult,
  TicketAction,
  TicketCategory,
  TicketDetail,
  TicketList,
  TicketsQuery,
} from '../../../../contracts/tickets';
import { api } from '../../api';

export type { TicketCategory, TicketDetail, TicketList };
export type { Ticket, TicketEvent, TicketSummary, TicketStatus, TicketTier, TicketAction, Urgency, Rating, Channel } from '../../../../contracts/tickets';

/** A stored photo (POST /ticket-photos), served at `url`/`thumbUrl` behind the session cookie. */
export interface Photo {
  id: string;
  url: string;
  thumbUrl: string;
  width?: number;
  height?: number;
  /** The event that attached it (the report or a report-back). */
  eventSeq?: number | null;
}

/** The detail as the page reads it (photos with the event that brought each). */
export type TicketDetailView = TicketDetail;
/** The create body; photoIds are the photos uploaded first. */
export type CreateBody = CreateTicketBody;

/** An open ticket like the one being written (GET /tickets/similar). */
export interface SimilarTicket {
  id: string;
  number: string;
  title: string;
  /** As the API sends it: the Chinese label (已派遣), see statusOfLabel. */
  status: string;
  followers: number;
  createdAt: string;
  similarity: number;
}

const enc = encodeURIComponent;
export const TICKETS_KEY = ['tickets'] as const;
export const TICKET_KEY = ['ticket'] as const;

export function useCategories(enabled = true) {
  return useQuery({ queryKey: ['ticket-categories'], queryFn: () => api<TicketCategory[]>('/ticket-categories'), staleTime: 10 * 60_000, enabled });
}

/** The best category for a text (null when nothing matches). */
export async function suggestCategory(text: string): Promise<SuggestCategoryResult['suggestions']> {
  return (await api<SuggestCategoryResult>('/ticket-categories/suggest', { method: 'POST', body: { text } })).suggestions;
}

export function fetchSimilar(category: string, compound: string, text: string): Promise<SimilarTicket[]> {
  return api<SimilarTicket[]>(`/tickets/similar?category=${enc(category)}&compound=${enc(compound)}&text=${enc(text.slice(0, 2000))}`);
}

/** Query string of a list (only the parts given). */
export function listPath(q: TicketsQuery): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  return `/tickets?${params}`;
}

export function useTicketList(q: TicketsQuery, enabled = true) {
  return useQuery({
    queryKey: [...TICKETS_KEY, q],
    queryFn: () => api<TicketList>(listPath(q)),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

export function useTicket(id: string | undefined) {
  return useQuery({ queryKey: [...TICKET_KEY, id], queryFn: () => api<TicketDetailView>(`/tickets/${enc(id!)}`), enabled: !!id, staleTime: 5_000 });
}

/** After any write: lists and details refetch (the server decided what changed). */
function useInvalidateTickets() {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: TICKETS_KEY }), qc.invalidateQueries({ queryKey: TICKET_KEY })]);
}

/** POST /tickets with the form's Idempotency-Key (the same key on a retry). */
export function useCreateTicket() {
  const invalidate = useInvalidateTickets();
  return useMutation({
    mutationFn: ({ body, key }: { body: CreateBody; key: string }) =>
      api<TicketDetailView>('/tickets', { method: 'POST', body, headers: { 'idempotency-key': key } }),
    onSuccess: invalidate,
  });
}

export type AnyBody = Partial<ActionBody<'rate'> & ActionBody<'shelve'> & ActionBody<'request_extension'> & ActionBody<'merge'> & ActionBody<'dispatch'>> & {
  note?: string;
  reason?: string;
  photoIds?: string[];
};

/** POST /tickets/:id/<action>. */
export function useTicketAction() {
  const invalidate = useInvalidateTickets();
  return useMutation({
    mutationFn: ({ id, action, body }: { id: string; action: TicketAction; body: AnyBody }) =>
      api<TicketDetailView>(`/tickets/${enc(id)}/${action}`, { method: 'POST', body }),
    onSettled: invalidate,
  });
}

export function useFollow() {
  const invalidate = useInvalidateTickets();
  return useMutation({
    mutationFn: ({ id, follow }: { id: string; follow: boolean }): Promise<unknown> =>
      follow ? api<TicketDetailView>(`/tickets/${enc(id)}/follow`, { method: 'POST', body: {} }) : api<{ ok: true }>(`/tickets/${enc(id)}/follow`, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

/** The reporter's full number (audited on the server). */
export function revealReporterPhone(id: string) {
  return api<{ phone: string | null }>(`/tickets/${enc(id)}/reporter-phone`);
}
