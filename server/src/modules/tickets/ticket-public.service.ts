/** The public list 线上问题办理清单: anyone may read it; numbers in residents' words are masked, people are roles. */
import type { Db } from '../../platform/db.js';
import { errors } from '../../platform/errors.js';
import { toTsQuery } from '../../platform/search.js';
import { maskNumbersInText } from '../../../../contracts/validation.js';
import { STATUS_LABEL, TIER_LABEL, type TicketStatus, type TicketTier } from '../../../../contracts/tickets.js';
import type { PublicTicket } from '../../../../contracts/ticket-public.js';
import * as repo from './ticket-public.repository.js';
import { parseShanghaiDay } from './ticket-clock.js';

const STATUS_GROUPS = {
  open: ['registered', 'dispatched', 'in_progress', 'reported'],
  closed: ['closed'],
  shelved: ['shelved'],
} as const;

/** What each event is called on the public timeline. */
export const EVENT_LABEL: Record<string, string> = {
  register: '受理立案',
  dispatch: '派遣',
  accept: '接单处置',
  return: '退回',
  request_extension: '申请延期',
  approve_extension: '同意延期',
  reject_extension: '不同意延期',
  escalate: '升级办理',
  supervise: '督办',
  report_back: '办理反馈',
  verify_pass: '核查通过，结案',
  verify_fail: '核查未通过，返工',
  reopen: '重新办理',
  rate: '评价',
  shelve: '挂账',
  unshelve: '恢复办理',
  cancel: '注销',
  merge: '合并',
};

const ROLE_LABEL: Record<string, string> = {
  ...TIER_LABEL,
  resident: '居民',
  system: '系统',
  grid_worker: '网格员',
  unit_head: '单元中心户',
  building_head: '楼栋长',
  branch_secretary: '小区党支部',
  community_staff: '社区',
  township_staff: '街道',
  county_staff: '区县',
  city_admin: '市级',
  property_staff: '物业',
  supervisor: '纪检监督',
};

function present(r: repo.PublicRow): PublicTicket {
  return {
    number: r.number,
    title: maskNumbersInText(r.title),
    description: maskNumbersInText(r.description),
    category: r.category_code,
    categoryName: r.category_name,
    status: STATUS_LABEL[r.status as TicketStatus] ?? r.status,
    place: [r.county_name, r.township_name, r.community_name, r.compound_name].filter(Boolean).join(' '),
    createdAt: new Date(r.created_at).toISOString(),
    closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
    rating: r.rating,
  };
}

const shanghaiDay = (d: string, field: string) => {
  const t = parseShanghaiDay(d);
  if (!t) throw errors.field(field, 'not a date');
  return t;
};

/** A page of the public list, newest first, filtered by place, category, status, dates and words. */
export async function listPublicTickets(db: Db, q: { place?: string; category?: string; status?: keyof typeof STATUS_GROUPS; from?: string; to?: string; q?: string; page?: number; pageSize?: number }) {
  const page = q.page ?? 1;
  const size = q.pageSize ?? 20;
  const tsquery = q.q ? toTsQuery(q.q) : undefined;
  if (q.q && !tsquery) return { items: [], page, hasMore: false };
  const found = await repo.findPublicPage(
    db,
    {
      place: q.place,
      category: q.category,
      statuses: q.status ? [...STATUS_GROUPS[q.status]] : undefined,
      from: q.from ? shanghaiDay(q.from, 'from') : undefined,
      to: q.to ? new Date(shanghaiDay(q.to, 'to').getTime() + 86_400_000) : undefined,
      tsquery,
    },
    size + 1,
    (page - 1) * size,
  );
  return { items: found.slice(0, size).map(present), page, hasMore: found.length > size };
}

/** One ticket of the public list with its public timeline. */
export async function getPublicTicket(db: Db, number: string) {
  const row = await repo.findPublicTicket(db, number);
  if (!row) throw errors.notFound(`ticket ${number}`);
  const events = await repo.findPublicEvents(db, row.id);
  return {
    ticket: present(row),
    timeline: events.map((e) => ({
      type: e.type,
      // An escalate event names the tier it reached in data.tier.
      label: e.type === 'escalate' && typeof e.data.tier === 'string' ? `升级至${TIER_LABEL[e.data.tier as TicketTier] ?? e.data.tier}` : (EVENT_LABEL[e.type] ?? e.type),
      by: ROLE_LABEL[e.actor_role ?? ''] ?? '工作人员',
      at: new Date(e.at).toISOString(),
      note: e.note ? maskNumbersInText(e.note) : null,
    })),
  };
}
