/** Self-governance: votes, the owners' roll, proposals, meetings, the convention, disclosure and notices. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { CreateVoteBody, OwnerRoll, Vote, VoterSchema, BallotSchema, BoxEntrySchema, ChainCheckSchema, HandInSchema, ReceiptSchema } from '../../../../contracts/governance';
import type { Convention, CreateMeetingBody, Meeting, Proposal } from '../../../../contracts/deliberation';
import type { CreateDisclosureBody, Disclosure } from '../../../../contracts/disclosure';
import type { CreateNoticeBody, FeedbackSchema, FeedbackStatusSchema, Notice } from '../../../../contracts/notices';
import type { Role } from '../../../../contracts/roles';
import { api } from '../../api';

export type { Vote, Proposal, Meeting, Convention, Disclosure, Notice, CreateVoteBody, CreateMeetingBody, CreateDisclosureBody, CreateNoticeBody };
export type Voter = Static<typeof VoterSchema>;
export type Ballot = Static<typeof BallotSchema>;
export type ChainCheck = Static<typeof ChainCheckSchema>;
export type Receipt = Static<typeof ReceiptSchema>;
export type HandIn = Static<typeof HandInSchema>;
export type BoxEntry = Static<typeof BoxEntrySchema>;
export type Roll = Static<typeof OwnerRoll>;
export type Feedback = Static<typeof FeedbackSchema>;
export type FeedbackStatus = Static<typeof FeedbackStatusSchema>;

/** The server's policies (the API still decides). */
export const GOV_MANAGE_ROLES: readonly Role[] = ['branch_secretary', 'community_staff', 'township_staff', 'county_staff', 'city_admin'];
export const GOV_READ_ROLES: readonly Role[] = [...GOV_MANAGE_ROLES, 'unit_head', 'building_head', 'grid_worker', 'property_staff', 'supervisor'];
export const NOTICE_ROLES: readonly Role[] = [...GOV_MANAGE_ROLES, 'supervisor'];

const enc = encodeURIComponent;

function useInvalidate(...keys: string[]) {
  const qc = useQueryClient();
  return () => Promise.all(keys.map((k) => qc.invalidateQueries({ queryKey: [k] })));
}
const post = <T,>(path: string, body?: unknown, method: 'POST' | 'PUT' = 'POST') => api<T>(path, { method, body: body ?? {} });

export const useVotes = (place: string | null) => useQuery({ queryKey: ['votes', place], queryFn: () => api<Vote[]>(`/votes${place ? `?place=${enc(place)}` : ''}`) });
export const useVote = (id: string | null) => useQuery({ queryKey: ['votes', 'one', id], queryFn: () => api<Vote>(`/votes/${enc(id!)}`), enabled: !!id });
export const useVoters = (id: string | null, enabled = true) => useQuery({ queryKey: ['votes', 'voters', id], queryFn: () => api<Voter[]>(`/votes/${enc(id!)}/voters`), enabled: !!id && enabled });
export const useBallots = (id: string | null, enabled: boolean) => useQuery({ queryKey: ['votes', 'ballots', id], queryFn: () => api<Ballot[]>(`/votes/${enc(id!)}/ballots`), enabled: !!id && enabled });

export function useVoteAction() {
  const invalidate = useInvalidate('votes', 'proposals', 'conventions');
  return useMutation({
    mutationFn: (a: { id: string; action: 'open' | 'close' | 'appoint' }) => post<Vote>(`/votes/${enc(a.id)}/${a.action}`),
    onSuccess: invalidate,
  });
}
export function useCreateVote() {
  const invalidate = useInvalidate('votes', 'proposals');
  return useMutation({ mutationFn: (body: CreateVoteBody) => createOnce<Vote>('/votes', body), onSuccess: invalidate });
}
export function useCast() {
  const invalidate = useInvalidate('votes');
  return useMutation({ mutationFn: (a: { id: string; choices: string[] }) => post<Receipt>(`/votes/${enc(a.id)}/ballots`, { choices: a.choices }), onSuccess: invalidate });
}
/** A named paper ballot (an open vote), in one step. */
export function usePaperBallot() {
  const invalidate = useInvalidate('votes');
  return useMutation({ mutationFn: (a: { id: string; voterKey: string; choices: string[] }) => post<Receipt>(`/votes/${enc(a.id)}/paper-ballots`, { voterKey: a.voterKey, choices: a.choices }), onSuccess: invalidate });
}
const createOnce = <T,>(path: string, body: unknown) => api<T>(path, { method: 'POST', body, headers: { 'idempotency-key': crypto.randomUUID() } });
/** A secret vote, step 1: the voter hands in her paper ballot (an owners' vote answers with the paper's number). */
export function useHandIn() {
  const invalidate = useInvalidate('votes');
  return useMutation({ mutationFn: (a: { id: string; voterKey: string }) => createOnce<HandIn>(`/votes/${enc(a.id)}/hand-ins`, { voterKey: a.voterKey }), onSuccess: invalidate });
}
/** A secret vote, step 2: a ballot from the box, without its voter (no choice: spoilt). */
export function useBoxBallot() {
  const invalidate = useInvalidate('votes');
  return useMutation({
    mutationFn: (a: { id: string; choices: string[]; paperNo?: string }) => createOnce<BoxEntry>(`/votes/${enc(a.id)}/box-ballots`, { choices: a.choices, ...(a.paperNo ? { paperNo: a.paperNo } : {}) }),
    onSuccess: invalidate,
  });
}
export const verifyVote = (id: string) => api<ChainCheck>(`/votes/${enc(id)}/verify`);

export const useOwnerRoll = (compound: string | null) => useQuery({ queryKey: ['owners', compound], queryFn: () => api<Roll>(`/owners?compound=${enc(compound!)}`), enabled: !!compound });
export function usePutOwner() {
  const invalidate = useInvalidate('owners');
  return useMutation({ mutationFn: (a: { householdCode: string; ownerName: string; area: number }) => post<Roll>(`/owners/${enc(a.householdCode)}`, { ownerName: a.ownerName, area: a.area }, 'PUT'), onSuccess: invalidate });
}

export const useProposals = (community: string | null) => useQuery({ queryKey: ['proposals', community], queryFn: () => api<Proposal[]>(`/proposals${community ? `?community=${enc(community)}` : ''}`) });
export function useProposalAction() {
  const invalidate = useInvalidate('proposals', 'meetings');
  return useMutation({
    mutationFn: (a: { kind: 'create'; title: string; body: string } | { kind: 'support'; id: string } | { kind: 'decide'; id: string; status: 'decided' | 'rejected'; outcome: string }) =>
      a.kind === 'create'
        ? api<Proposal>('/proposals', { method: 'POST', body: { title: a.title, body: a.body }, headers: { 'idempotency-key': crypto.randomUUID() } })
        : a.kind === 'support'
          ? post<Proposal>(`/proposals/${enc(a.id)}/support`)
          : post<Proposal>(`/proposals/${enc(a.id)}/decide`, { status: a.status, outcome: a.outcome }),
    onSuccess: invalidate,
  });
}
export const useSettings = (community: string | null) =>
  useQuery({ queryKey: ['proposals', 'settings', community], queryFn: () => api<{ communityCode: string; supportThreshold: number }>(`/governance-settings/${enc(community!)}`), enabled: !!community });
export function useSetThreshold() {
  const invalidate = useInvalidate('proposals');
  return useMutation({ mutationFn: (a: { community: string; supportThreshold: number }) => post(`/governance-settings/${enc(a.community)}`, { supportThreshold: a.supportThreshold }, 'PUT'), onSuccess: invalidate });
}

export const useMeetings = (community: string | null) => useQuery({ queryKey: ['meetings', community], queryFn: () => api<Meeting[]>(`/meetings${community ? `?community=${enc(community)}` : ''}`) });
export function useMeetingAction() {
  const invalidate = useInvalidate('meetings', 'proposals');
  return useMutation({
    mutationFn: (
      a:
        | { kind: 'create'; body: CreateMeetingBody }
        | { kind: 'attendance'; id: string; present: string[] }
        | { kind: 'minutes'; id: string; minutes: string; decisions: Array<{ itemId: string; decision: string }> }
        | { kind: 'task'; id: string; title: string; description: string }
        | { kind: 'ticket'; taskId: string; contactName: string; contactPhone: string },
    ) => {
      switch (a.kind) {
        case 'create':
          return api<Meeting>('/meetings', { method: 'POST', body: a.body, headers: { 'idempotency-key': crypto.randomUUID() } });
        case 'attendance':
          return post<Meeting>(`/meetings/${enc(a.id)}/attendance`, { present: a.present }, 'PUT');
        case 'minutes':
          return post<Meeting>(`/meetings/${enc(a.id)}/minutes`, { minutes: a.minutes, decisions: a.decisions }, 'PUT');
        case 'task':
          return post<Meeting>(`/meetings/${enc(a.id)}/tasks`, { title: a.title, description: a.description });
        case 'ticket':
          return post<Meeting>(`/meeting-tasks/${enc(a.taskId)}/ticket`, { contactName: a.contactName, contactPhone: a.contactPhone });
      }
    },
    onSuccess: invalidate,
  });
}

export const useConventions = (community: string | null) => useQuery({ queryKey: ['conventions', community], queryFn: () => api<Convention[]>(`/conventions${community ? `?community=${enc(community)}` : ''}`) });
export function useConventionAction() {
  const invalidate = useInvalidate('conventions', 'votes');
  return useMutation({
    mutationFn: (a: { kind: 'draft'; communityCode: string; title: string; body: string } | { kind: 'vote'; id: string; method: 'person' | 'household' } | { kind: 'ack'; id: string }) =>
      a.kind === 'draft'
        ? api<Convention>('/conventions', { method: 'POST', body: { communityCode: a.communityCode, title: a.title, body: a.body }, headers: { 'idempotency-key': crypto.randomUUID() } })
        : a.kind === 'vote'
          ? post<Convention>(`/conventions/${enc(a.id)}/vote`, { method: a.method })
          : post<Convention>(`/conventions/${enc(a.id)}/acknowledge`),
    onSuccess: invalidate,
  });
}

export const useDisclosures = (community: string | null, archived = false) =>
  useQuery({ queryKey: ['disclosures', community, archived], queryFn: () => api<Disclosure[]>(`/disclosures?community=${enc(community!)}&archived=${archived}`), enabled: !!community });
export function useDisclosureAction() {
  const invalidate = useInvalidate('disclosures');
  return useMutation({
    mutationFn: (a: { kind: 'publish'; body: CreateDisclosureBody } | { kind: 'archive'; id: string }) =>
      a.kind === 'publish' ? api<Disclosure>('/disclosures', { method: 'POST', body: a.body, headers: { 'idempotency-key': crypto.randomUUID() } }) : post<Disclosure>(`/disclosures/${enc(a.id)}/archive`),
    onSuccess: invalidate,
  });
}

export const useNotices = () => useQuery({ queryKey: ['notices'], queryFn: () => api<Notice[]>('/notices') });
export const useNotice = (id: string | undefined) => useQuery({ queryKey: ['notices', id], queryFn: () => api<Notice>(`/notices/${enc(id!)}`), enabled: !!id });
export const useFeedback = (id: string | null) => useQuery({ queryKey: ['notices', 'feedback', id], queryFn: () => api<Feedback[]>(`/notices/${enc(id!)}/feedback`), enabled: !!id });
export function useNoticeAction() {
  const invalidate = useInvalidate('notices');
  return useMutation({
    mutationFn: (
      a:
        | { kind: 'publish'; body: CreateNoticeBody }
        | { kind: 'feedback'; id: string; content: string; anonymous: boolean; name?: string; phone?: string }
        | { kind: 'answer'; feedbackId: string; outcome: string },
    ): Promise<unknown> =>
      a.kind === 'publish'
        ? api<Notice>('/notices', { method: 'POST', body: a.body, headers: { 'idempotency-key': crypto.randomUUID() } })
        : a.kind === 'feedback'
          ? post<{ receiptCode: string }>(`/notices/${enc(a.id)}/feedback`, { content: a.content, anonymous: a.anonymous, ...(a.anonymous ? {} : { name: a.name, phone: a.phone }) })
          : post<Feedback>(`/notice-feedback/${enc(a.feedbackId)}/answer`, { outcome: a.outcome }),
    onSuccess: invalidate,
  });
}
export const lookUpReceipt = (code: string) => api<FeedbackStatus>(`/notice-receipts/${enc(code.trim().toUpperCase())}`);

/** 12.34 m² from hundredths. */
export const areaText = (centi: number) => (centi / 100).toFixed(2);
