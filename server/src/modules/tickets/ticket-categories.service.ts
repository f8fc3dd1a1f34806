/**
 * Ticket categories: the seeded set (idempotent), reading them, and suggesting one from a resident's
 * text (jieba search-mode tokens against each category's keywords). Editing is ticket-config.service.ts.
 */
import { isTransaction, type Db } from '../../platform/db.js';
import { errors } from '../../platform/errors.js';
import type { SuggestCategoryResult, TicketCategory, TicketTier, Urgency } from '../../../../contracts/tickets.js';
import { searchTokens } from '../../platform/search.js';
import * as repo from './tickets.repository.js';

type Shares = Partial<Record<TicketTier, number>>;
const HOURS: Record<Urgency, number> = { emergency: 2, urgent: 24, general: 168, complex: 360 };
/** Shares by first tier: each tier from the first one up to the department, summing to 1. */
const SHARES: Record<'unit_team' | 'building_team' | 'compound_team' | 'community', Shares> = {
  unit_team: { unit_team: 0.15, building_team: 0.15, compound_team: 0.2, community: 0.2, township: 0.15, department: 0.15 },
  building_team: { building_team: 0.2, compound_team: 0.2, community: 0.2, township: 0.2, department: 0.2 },
  compound_team: { compound_team: 0.3, community: 0.25, township: 0.2, department: 0.25 },
  community: { community: 0.4, township: 0.3, department: 0.3 },
};

type Seed = Omit<TicketCategory, 'tierShares' | 'deadlineHours' | 'active' | 'sort' | 'clock' | 'confidentialByDefault'> & {
  firstTier: keyof typeof SHARES;
  deadlineHours?: Record<Urgency, number>;
  clock?: 'calendar' | 'working';
  confidentialByDefault?: boolean;
};

/** The categories every city starts with (the seed's five first: 杂物乱堆, 广告乱贴, 车辆乱停, 垃圾乱扔, 私搭乱建). */
export const SEED_CATEGORIES: Seed[] = [
  { code: 'clutter', name: '杂物乱堆', firstTier: 'unit_team', department: '城市管理局', keywords: ['杂物', '乱堆', '堆放', '堆物', '楼道', '消防通道', '堵塞', '纸箱', '废品', '占用楼道'] },
  { code: 'posters', name: '广告乱贴', firstTier: 'unit_team', department: '城市管理局', keywords: ['广告', '小广告', '乱贴', '张贴', '涂鸦', '牛皮癣', '喷涂', '乱画'] },
  { code: 'parking', name: '车辆乱停', firstTier: 'compound_team', department: '公安局', keywords: ['停车', '乱停', '车位', '占道', '挡路', '僵尸车', '电动车', '堵车', '消防车道'] },
  { code: 'litter', name: '垃圾乱扔', firstTier: 'unit_team', department: '城市管理局', keywords: ['垃圾', '乱扔', '垃圾桶', '清运', '异味', '卫生', '脏乱', '垃圾分类'] },
  { code: 'illegal_building', name: '私搭乱建', firstTier: 'compound_team', department: '城市管理局', keywords: ['私搭', '乱建', '违建', '违章', '搭建', '圈占', '私建', '加盖'] },
  { code: 'repair', name: '设施报修', firstTier: 'building_team', department: '住房和城乡建设局', keywords: ['维修', '报修', '坏', '损坏', '电梯', '路灯', '门禁', '单元门', '破损', '楼道灯', '修理'] },
  {
    code: 'safety_hazard',
    name: '安全隐患',
    firstTier: 'compound_team',
    department: '应急管理局',
    clock: 'calendar',
    deadlineHours: { emergency: 2, urgent: 12, general: 72, complex: 168 },
    keywords: ['隐患', '安全', '消防', '火灾', '飞线', '私拉电线', '充电', '坠落', '塌陷', '危险', '漏电', '灭火器'],
  },
  { code: 'dispute', name: '矛盾纠纷', firstTier: 'community', department: '司法局', confidentialByDefault: true, keywords: ['纠纷', '矛盾', '吵架', '打架', '争执', '调解', '邻里', '欠薪'] },
  { code: 'noise', name: '噪音扰民', firstTier: 'building_team', department: '生态环境局', keywords: ['噪音', '扰民', '吵', '装修', '广场舞', '夜间', '施工', '睡不着', '噪声'] },
  { code: 'property_service', name: '物业服务', firstTier: 'compound_team', department: '住房和城乡建设局', keywords: ['物业', '物业费', '保洁', '保安', '绿化', '服务态度', '收费'] },
  {
    code: 'utilities',
    name: '水电气热',
    firstTier: 'community',
    department: '住房和城乡建设局',
    clock: 'calendar',
    deadlineHours: { emergency: 2, urgent: 12, general: 24, complex: 72 },
    keywords: ['停水', '停电', '燃气', '暖气', '供暖', '供热', '水压', '断电', '不热', '水管', '爆管', '天然气', '漏水'],
  },
  { code: 'help', name: '民生求助', firstTier: 'community', department: '民政局', keywords: ['求助', '困难', '独居', '老人', '低保', '救助', '残疾', '看病', '帮助', '送餐', '帮忙'] },
  { code: 'other', name: '其他', firstTier: 'community', department: '城市管理局', keywords: [] },
];

/** The category a ticket falls back to when none is given and none is suggested; it waits for the dispatcher (立案 without 派遣). */
export const FALLBACK_CATEGORY = 'other';

/** Inserts the seeded categories that are missing; categories already there (perhaps edited) are left alone. Returns how many were added. */
export async function seedTicketCategories(db: Db): Promise<number> {
  const added = await repo.insertMissingCategories(
    db,
    SEED_CATEGORIES.map((c, i) => ({
      code: c.code,
      name: c.name,
      firstTier: c.firstTier,
      deadlineHours: c.deadlineHours ?? HOURS,
      tierShares: SHARES[c.firstTier],
      clock: c.clock ?? 'working',
      confidentialByDefault: c.confidentialByDefault ?? false,
      department: c.department,
      keywords: c.keywords,
      active: true,
      sort: (i + 1) * 10,
    })),
  );
  if (added) invalidateCategories();
  return added;
}

export function presentCategory(r: repo.CategoryRow): TicketCategory {
  return {
    code: r.code,
    name: r.name,
    firstTier: r.firstTier as TicketTier,
    deadlineHours: r.deadlineHours as Record<Urgency, number>,
    tierShares: r.tierShares as Shares,
    clock: r.clock as 'calendar' | 'working',
    confidentialByDefault: r.confidentialByDefault,
    department: r.department,
    keywords: r.keywords,
    active: r.active,
    sort: r.sort,
  };
}

/** Every category, in order; inactive ones only when asked (staff screens). */
export async function listCategories(db: Db, opts: { includeInactive?: boolean } = {}): Promise<TicketCategory[]> {
  return (await repo.findCategories(db, !opts.includeInactive)).map(presentCategory);
}

/** How long a process trusts its copy of the category table (as the holiday calendar: ticket-calendar.ts). */
export const CATEGORIES_TTL_MS = 60_000;

/**
 * Every category by code, kept for a minute per database (tests run many databases in one process;
 * a Db is one database's pool). Creates, dispatches and escalation sweeps read a category each time;
 * the table is a dozen rows that admins rarely edit. This process's edits (ticket-config.service.ts,
 * the seed) take effect at once; another server process's within CATEGORIES_TTL_MS. Inside a
 * transaction the table is read afresh (a transaction object is not a database to key on).
 */
const categoryCache = new WeakMap<object, { rows: Promise<Map<string, repo.CategoryRow>>; loadedAt: number; generation: number }>();
let categoryGeneration = 0;

export function cachedCategoryRows(db: Db): Promise<Map<string, repo.CategoryRow>> {
  const load = () => repo.findCategories(db, false).then((list) => new Map(list.map((r) => [r.code, r])));
  if (isTransaction(db)) return load();
  const now = Date.now();
  const hit = categoryCache.get(db);
  if (hit && hit.generation === categoryGeneration && now - hit.loadedAt < CATEGORIES_TTL_MS) return hit.rows;
  const entry = { rows: load(), loadedAt: now, generation: categoryGeneration };
  categoryCache.set(db, entry);
  // A failed load is not kept.
  entry.rows.catch(() => {
    if (categoryCache.get(db) === entry) categoryCache.delete(db);
  });
  return entry.rows;
}

/** Forgets every process-local copy of the categories (after a change to the table). */
export function invalidateCategories(): void {
  categoryGeneration++;
}

/** A category row by code, from the cache; a code the cache does not know is looked up once more (a category added by another process). */
async function categoryRow(db: Db, code: string): Promise<repo.CategoryRow | null> {
  const hit = (await cachedCategoryRows(db)).get(code);
  if (hit) return hit;
  const row = await repo.findCategory(db, code);
  if (row) invalidateCategories();
  return row;
}

/** A category for a new ticket or a dispatch: it must exist and be active (400 naming `field` otherwise). */
export async function activeCategory(db: Db, code: string, field = 'categoryCode'): Promise<TicketCategory> {
  const row = await categoryRow(db, code);
  if (!row) throw errors.field(field, `no ticket category ${code}`);
  if (!row.active) throw errors.field(field, `ticket category ${code} (${row.name}) is no longer in use`);
  return presentCategory(row);
}

/** A category by code, active or not (tickets keep theirs). */
export async function categoryOf(db: Db, code: string): Promise<TicketCategory> {
  const row = await categoryRow(db, code);
  if (!row) throw errors.notFound(`ticket category ${code}`);
  return presentCategory(row);
}

/** Search-mode tokens of a text (phone and ID numbers are never search words): the platform's segmenter. */
export const tokensOf = searchTokens;

/**
 * Scores each active category against a text: a keyword that is one of the text's tokens counts 1,
 * one that only occurs inside the text (jieba cut it differently) counts 0.5. Best first; ties by sort.
 */
export async function suggestCategories(db: Db, text: string, limit = 3): Promise<SuggestCategoryResult> {
  const tokens = new Set(tokensOf(text));
  const lower = text.toLowerCase();
  const scored = [...(await cachedCategoryRows(db)).values()]
    .filter((c) => c.active)
    .sort((a, b) => a.sort - b.sort || a.code.localeCompare(b.code))
    .map((c) => ({
      code: c.code,
      name: c.name,
      sort: c.sort,
      score: c.keywords.reduce((s, k) => s + (tokens.has(k.toLowerCase()) ? 1 : lower.includes(k.toLowerCase()) ? 0.5 : 0), 0),
    }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score || a.sort - b.sort);
  return { suggestions: scored.slice(0, limit).map(({ code, name, score }) => ({ code, name, score })) };
}
