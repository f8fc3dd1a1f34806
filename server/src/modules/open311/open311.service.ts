/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the ticket loop: services are the
 * ticket categories, a request is a ticket (service_request_id = the ticket number), open/closed
 * follows the loop, expected_datetime is the current deadline and agency_responsible who holds it
 * now. Only non-confidential tickets are shown, their text masked as on the public list, places to
 * the compound. Coordinates are WGS-84 both ways (stored so; GCJ-02 is only for Chinese base maps).
 */
import type { Db } from '../../platform/db.js';
import type { PersonalDataCipher } from '../../platform/crypto.js';
import { AppError } from '../../platform/errors.js';
import { idempotent } from '../../platform/idempotency.js';
import { ErrorCode } from '../../../../contracts/errors.js';
import { maskNumbersInText } from '../../../../contracts/validation.js';
import { STATUS_LABEL, TIER_LABEL, type TicketCategory, type TicketStatus, type TicketTier, type Urgency } from '../../../../contracts/tickets.js';
import { listCategories } from '../tickets/ticket-categories.service.js';
import { registerExternalRequest } from '../tickets/ticket-create.service.js';
import { locatePin, locatePlace, type TicketLocation } from '../tickets/ticket-routing.js';
import type { ApiKeyRow } from './open311.repository.js';
import * as repo from './open311.repository.js';

/** The spec's limits on GET requests: 90 days, 1,000 requests. */
export const DEFAULT_DAYS = 90;
export const MAX_REQUESTS = 1000;
const DAY = 86_400_000;

export type Params = Record<string, string | undefined>;

/** A spec error: rendered as [{code, description}]. */
export const fail = (status: 400 | 403 | 404, description: string) =>
  new AppError(status === 400 ? ErrorCode.VALIDATION_FAILED : status === 403 ? ErrorCode.FORBIDDEN : ErrorCode.NOT_FOUND, status, description);

/** An instant as W3C date-time in Shanghai time: 2026-11-22T10:00:00+08:00. */
export function w3c(d: Date | string | null): string | null {
  if (d === null) return null;
  const t = new Date(new Date(d).getTime() + 8 * 3_600_000);
  return t.toISOString().slice(0, 19) + '+08:00';
}

const URGENCIES: Array<[Urgency, string]> = [
  ['general', '一般'],
  ['urgent', '紧急'],
  ['emergency', '特急'],
  ['complex', '复杂'],
];

function presentService(c: TicketCategory) {
  return {
    service_code: c.code,
    service_name: c.name,
    description: `${c.name}：首派${TIER_LABEL[c.firstTier]}，一般时限 ${c.deadlineHours.general} 小时${c.confidentialByDefault ? '；保密，提交后不公开' : ''}`,
    metadata: true,
    type: 'realtime' as const,
    keywords: c.keywords.length ? c.keywords.join(',') : null,
    group: c.department,
  };
}

/** The endpoint's self-description. */
export function discovery(baseUrl: string) {
  return {
    changeset: '2026-11-22T00:00:00+08:00',
    contact: '朔州市 邻里平台 市级管理员 (API keys: city admin)',
    key_service: `${baseUrl.replace(/\/open311\/v2$/, '')}/admin/api-keys`,
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: baseUrl,
        changeset: '2026-11-22T00:00:00+08:00',
        type: 'production',
        formats: ['application/json', 'text/xml'],
      },
    ],
  };
}

export async function listServices(db: Db) {
  return (await listCategories(db)).filter((c) => c.active).map(presentService);
}

function attributesOf() {
  return [
    {
      variable: true,
      code: 'urgency',
      datatype: 'singlevaluelist' as const,
      required: false,
      datatype_description: '紧急程度，决定办结时限 (default general)',
      order: 1,
      description: '紧急程度 Urgency',
      values: URGENCIES.map(([key, name]) => ({ key, name })),
    },
    {
      variable: true,
      code: 'title',
      datatype: 'string' as const,
      required: false,
      datatype_description: '不超过 30 字；缺省取描述的开头',
      order: 2,
      description: '标题 Title',
    },
  ];
}

export async function getServiceDefinition(db: Db, code: string) {
  const found = (await listCategories(db)).find((c) => c.code === code && c.active);
  if (!found) throw fail(404, `service_code ${code} not found`);
  return { service_code: found.code, attributes: attributesOf() };
}

/** jurisdiction_id is optional here (one city per endpoint); when given it must be the city's code. */
export async function checkJurisdiction(db: Db, id: string | undefined) {
  if (id === undefined || id === '') return;
  const city = await repo.findCityCode(db);
  if (id !== city) throw fail(404, `jurisdiction_id ${id} not found (this endpoint serves ${city})`);
}

function number(p: Params, name: string, min: number, max: number): number | undefined {
  const raw = p[name];
  if (raw === undefined || raw === '') return undefined;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < min || v > max) throw fail(400, `${name}: must be a number from ${min} to ${max} (WGS-84)`);
  return v;
}

/** Rewrites a deeper module's field error in the spec's parameter names. */
function asParam<T>(p: Promise<T>, param: string): Promise<T> {
  return p.catch((e) => {
    if (e instanceof AppError && e.status === 400) throw fail(400, `${param}: ${e.fields?.[0]?.message ?? e.message}`);
    throw e;
  });
}

async function locationOf(db: Db, p: Params): Promise<TicketLocation> {
  const lat = number(p, 'lat', -90, 90);
  const lng = number(p, 'long', -180, 180);
  if ((lat === undefined) !== (lng === undefined)) throw fail(400, `${lat === undefined ? 'lat' : 'long'}: lat and long go together`);
  if (lat !== undefined && lng !== undefined) return asParam(locatePin(db, { lat, lng, crs: 'wgs84' }, null), 'lat/long');
  if (p.address_id) {
    if (!/^[0-9]{9,24}$/.test(p.address_id)) throw fail(400, 'address_id: a place code of 9 to 24 digits (township to household)');
    return asParam(locatePlace(db, p.address_id, 'address_id'), 'address_id');
  }
  if (p.address_string) {
    const place = await repo.findPlaceNamedIn(db, p.address_string.slice(0, 400));
    if (!place) throw fail(400, 'address_string: names no township, community or compound we know; send lat/long or address_id');
    return locatePlace(db, place.code, 'address_string');
  }
  throw fail(400, 'a location is required: lat and long, address_string or address_id');
}

/** attribute[code]=value pairs, checked against the service definition. */
function attributesFrom(p: Params, serviceCode: string) {
  const known = new Map(attributesOf().map((a) => [a.code, a]));
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) {
    const m = /^attribute\[(.+)\]$/.exec(k);
    if (!m || v === undefined) continue;
    const a = known.get(m[1]);
    if (!a) throw fail(400, `attribute[${m[1]}]: service ${serviceCode} has no such attribute`);
    if ('values' in a && a.values && !a.values.some((x) => x.key === v)) throw fail(400, `attribute[${m[1]}]: one of ${a.values.map((x) => x.key).join(', ')}`);
    out[m[1]] = v;
  }
  return out;
}

function mediaUrlOf(raw: string | undefined): string | null {
  if (!raw) return null;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw fail(400, 'media_url: not a URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw fail(400, 'media_url: must be http or https');
  if (raw.length > 2000) throw fail(400, 'media_url: at most 2,000 characters');
  return u.toString();
}

/**
 * POST requests: a ticket from another system, dispatched at once. Each call makes one ticket; a
 * retry with the same Idempotency-Key (per API key) gets the first answer.
 */
export async function submitRequest(deps: { db: Db; cipher: PersonalDataCipher }, key: ApiKeyRow, p: Params, idempotencyKey: string | null) {
  const { db } = deps;
  await checkJurisdiction(db, p.jurisdiction_id);
  const serviceCode = p.service_code?.trim();
  if (!serviceCode) throw fail(400, 'service_code: required');
  const services = await listCategories(db);
  if (!services.some((c) => c.code === serviceCode && c.active)) throw fail(404, `service_code ${serviceCode} not found`);
  const description = p.description?.trim();
  if (!description) throw fail(400, 'description: required (what happened, where)');
  if (description.length > 4000) throw fail(400, 'description: at most 4,000 characters');
  const attributes = attributesFrom(p, serviceCode);
  const mediaUrl = mediaUrlOf(p.media_url);
  const stored = await idempotent(db, { userId: key.id, route: 'open311.requests', key: idempotencyKey }, async () => {
    const location = await locationOf(db, p);
    const callerName = [p.last_name, p.first_name].filter((x) => x?.trim()).join('').slice(0, 40) || null;
    const row = await asParam(
      registerExternalRequest(deps, {
        categoryCode: serviceCode,
        title: attributes.title?.slice(0, 60),
        description: p.address_string ? `${description}（地址：${p.address_string.slice(0, 200)}）` : description,
        urgency: attributes.urgency as Urgency | undefined,
        location,
        caller: callerName || p.phone ? { name: callerName, phone: p.phone?.trim() || null } : null,
        source: `开放接口 ${key.name}`,
        extra: { apiKey: key.name },
      }),
      'phone',
    );
    const submitted: Record<string, unknown> = { attributes };
    for (const k of ['address_string', 'address_id', 'device_id', 'account_id', 'email']) if (p[k]) submitted[k] = p[k]!.slice(0, 400);
    const token = await repo.insertOpen311Request(db, { ticketId: row.id, apiKeyId: key.id, submitted, mediaUrl, countyCode: row.countyCode });
    return {
      status: 200,
      body: [{ service_request_id: row.number, token, service_notice: `已受理，${row.confidential ? '保密办理' : '可在线上问题办理清单查询'}，办理时限至 ${w3c(row.deadlineAt)}` }],
    };
  });
  return stored.body;
}

function agencyOf(r: repo.RequestRow): string {
  if (r.team_name) return r.team_name;
  if (r.tier === 'department') return r.department ?? TIER_LABEL.department;
  if (r.tier === 'community' && r.community_name) return r.community_name;
  if (r.tier === 'township' && r.township_name) return r.township_name;
  return TIER_LABEL[r.tier as TicketTier] ?? r.tier;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** A ticket as a GeoReport request. */
export function presentRequest(r: repo.RequestRow) {
  const status = r.status as TicketStatus;
  const closed = status === 'closed' || status === 'cancelled' || status === 'merged';
  const label = STATUS_LABEL[status] ?? status;
  // The reporter's own pin is cut to ~100 m; without one, the compound's centre.
  const lat = r.lat !== null ? round(r.lat) : r.compound_lat;
  const lng = r.lng !== null ? round(r.lng) : r.compound_lng;
  return {
    service_request_id: r.number,
    status: closed ? ('closed' as const) : ('open' as const),
    status_notes: r.last_note ? `${label}：${maskNumbersInText(r.last_note)}` : label,
    service_name: r.category_name,
    service_code: r.category_code,
    description: maskNumbersInText(r.description).slice(0, 4000),
    agency_responsible: agencyOf(r),
    service_notice: null,
    requested_datetime: w3c(r.created_at)!,
    updated_datetime: w3c(closed && r.closed_at ? r.closed_at : r.updated_at),
    expected_datetime: closed ? null : w3c(r.deadline_at),
    address: [r.compound_name, r.community_name, r.township_name, r.county_name, r.city_name].filter(Boolean).join(', ') || null,
    address_id: r.compound_code ?? r.community_code,
    zipcode: null,
    lat: lat ?? null,
    long: lng ?? null,
    media_url: r.media_url,
  };
}

function w3cParam(p: Params, name: string): Date | undefined {
  const raw = p[name];
  if (raw === undefined || raw === '') return undefined;
  // W3C date-time (with a zone), or a bare date taken as Shanghai midnight.
  const ok = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(raw);
  const d = new Date(raw.length === 10 ? `${raw}T00:00:00+08:00` : raw);
  if (!ok || Number.isNaN(d.getTime())) throw fail(400, `${name}: not a W3C date-time (e.g. 2026-11-01T00:00:00+08:00)`);
  return d;
}

const list = (raw: string | undefined) => (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/** GET requests with the spec's filters: ids (then nothing else counts), service codes, status, dates; 90 days and 1,000 at most. */
export async function listRequests(db: Db, p: Params) {
  await checkJurisdiction(db, p.jurisdiction_id);
  const ids = list(p.service_request_id);
  if (ids.length) {
    if (ids.length > MAX_REQUESTS) throw fail(400, `service_request_id: at most ${MAX_REQUESTS}`);
    return (await repo.findPublicRequestsByNumber(db, ids)).map(presentRequest);
  }
  const statuses = list(p.status);
  for (const s of statuses) if (s !== 'open' && s !== 'closed') throw fail(400, `status: open or closed, not ${s}`);
  let from = w3cParam(p, 'start_date');
  let to = w3cParam(p, 'end_date');
  if (!to) to = from ? new Date(Math.min(Date.now() + DAY, from.getTime() + DEFAULT_DAYS * DAY)) : new Date(Date.now() + 60_000);
  if (!from) from = new Date(to.getTime() - DEFAULT_DAYS * DAY);
  if (to <= from) throw fail(400, 'end_date: must be after start_date');
  if (to.getTime() - from.getTime() > DEFAULT_DAYS * DAY) throw fail(400, `end_date: at most ${DEFAULT_DAYS} days after start_date`);
  const rowStatuses = statuses.length === 1 ? (statuses[0] === 'open' ? ['registered', 'dispatched', 'in_progress', 'reported', 'shelved'] : ['closed']) : undefined;
  const rows = await repo.findPublicRequests(db, { from, to, serviceCodes: list(p.service_code), statuses: rowStatuses, limit: MAX_REQUESTS });
  return rows.map(presentRequest);
}

export async function getRequest(db: Db, id: string, p: Params) {
  await checkJurisdiction(db, p.jurisdiction_id);
  const row = /^[0-9A-Za-z]{1,40}$/.test(id) ? await repo.findPublicRequest(db, id) : undefined;
  if (!row) throw fail(404, `service_request_id ${id} not found`);
  return [presentRequest(row)];
}

export async function resolveToken(db: Db, token: string, p: Params) {
  await checkJurisdiction(db, p.jurisdiction_id);
  const found = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(token) ? await repo.findTicketNumberByToken(db, token) : undefined;
  if (!found) throw fail(404, `token ${token} not found`);
  return [{ service_request_id: found.number, token }];
}

