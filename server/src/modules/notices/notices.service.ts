/**
 * Public notices 公示: published with a window (start and end dates, Asia/Shanghai); anyone may read
 * them and, during the window, send feedback named or anonymous. The sender's identity is encrypted
 * and revealed to the supervisor role alone (each reveal audited); the sender keeps a receipt code to
 * look up the outcome.
 */
import { desc, eq, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import type { PersonalDataCipher } from '../../platform/crypto.js';
import { errors } from '../../platform/errors.js';
import { readableCode } from '../../platform/codes.js';
import { recordAudit } from '../../platform/audit.js';
import { normaliseMobile } from '../../../../contracts/validation.js';
import type { CreateNoticeBody, Notice } from '../../../../contracts/notices.js';
import { findPlace } from '../places/places.service.js';
import { shanghaiDay } from '../tickets/ticket-clock.js';
import { noticesPolicy } from './notices.policy.js';
import { noticeFeedback, notices } from './notices.schema.js';

type Row = typeof notices.$inferSelect;

function stateOf(n: Row, today = shanghaiDay(new Date())): Notice['state'] {
  return today < n.startsOn ? 'upcoming' : today > n.endsOn ? 'ended' : 'open';
}

async function present(db: Db, n: Row): Promise<Notice> {
  return {
    id: n.id,
    placeCode: n.placeCode,
    placeName: (await findPlace(db, n.placeCode))?.name ?? n.placeCode,
    title: n.title,
    body: n.body,
    publisher: n.publisher,
    contact: n.contact,
    startsOn: n.startsOn,
    endsOn: n.endsOn,
    state: stateOf(n),
    createdAt: n.createdAt.toISOString(),
  };
}

async function noticeOrFail(db: Db, id: string) {
  const [n] = await db.select().from(notices).where(eq(notices.id, id));
  if (!n) throw errors.notFound(`notice ${id}`);
  return n;
}

export async function publishNotice(db: Db, actor: Actor, input: CreateNoticeBody, req?: FastifyRequest) {
  const place = await findPlace(db, input.placeCode);
  if (!place || !['city', 'county', 'township', 'community', 'compound'].includes(place.level)) throw errors.field('placeCode', 'a city, county, township, community or compound');
  noticesPolicy.authorize(actor, 'notice.manage', { placeCode: place.code });
  if (input.endsOn < input.startsOn) throw errors.field('endsOn', 'ends before it starts');
  const [n] = await db
    .insert(notices)
    .values({ placeCode: place.code, countyCode: place.code.slice(0, 6), title: input.title.trim(), body: input.body, publisher: input.publisher.trim(), contact: input.contact ?? null, startsOn: input.startsOn, endsOn: input.endsOn, createdBy: actor.userId })
    .returning();
  await recordAudit(db, { actorId: actor.userId, action: 'notice.publish', targetKind: 'notice', targetId: n.id }, req);
  return present(db, n);
}

/** Notices are public: everyone reads them, newest first; `place` narrows to a place and the places above it. */
export async function listNotices(db: Db, place?: string) {
  const list = await db
    .select()
    .from(notices)
    .where(place ? sql`${place} LIKE ${notices.placeCode} || '%' OR ${notices.placeCode} LIKE ${place + '%'}` : undefined)
    .orderBy(desc(notices.startsOn), desc(notices.createdAt))
    .limit(200);
  return Promise.all(list.map((n) => present(db, n)));
}

export async function getNotice(db: Db, id: string) {
  return present(db, await noticeOrFail(db, id));
}

/** Anyone sends feedback during the window, named (name and phone) or anonymous; returns the receipt code. */
export async function sendFeedback(db: Db, cipher: PersonalDataCipher, actor: Actor | null, id: string, input: { content: string; anonymous: boolean; name?: string; phone?: string }) {
  const n = await noticeOrFail(db, id);
  const state = stateOf(n);
  if (state !== 'open') throw errors.conflict(state === 'upcoming' ? `公示尚未开始 (feedback opens on ${n.startsOn})` : `公示期已结束 (feedback closed on ${n.endsOn})`, [{ field: 'notice', message: state }]);
  let name: string | null = null;
  let phone: string | null = null;
  if (input.anonymous) {
    if (input.name || input.phone) throw errors.field(input.name ? 'name' : 'phone', 'anonymous feedback carries no name or phone');
  } else {
    name = input.name?.trim() || null;
    if (!name) throw errors.field('name', 'named feedback needs the name');
    phone = input.phone ? normaliseMobile(input.phone) : null;
    if (!phone) throw errors.field('phone', '不是有效的手机号 (not a mainland mobile number)');
  }
  const receiptCode = readableCode(3);
  await db.insert(noticeFeedback).values({
    noticeId: id,
    countyCode: n.countyCode,
    receiptCode,
    content: input.content.trim(),
    anonymous: input.anonymous,
    nameEnc: name ? cipher.encrypt(name) : null,
    phoneEnc: phone ? cipher.encrypt(phone) : null,
    // Even an anonymous sender who is signed in is kept, sealed, for the supervisor (abuse, follow-up).
    senderEnc: actor ? cipher.encrypt(actor.username) : null,
  });
  return { receiptCode };
}

/** What a receipt code shows to whoever holds it: the outcome, never who sent it. */
export async function lookUpReceipt(db: Db, code: string) {
  const [f] = await db
    .select({ status: noticeFeedback.status, outcome: noticeFeedback.outcome, createdAt: noticeFeedback.createdAt, answeredAt: noticeFeedback.answeredAt, title: notices.title })
    .from(noticeFeedback)
    .innerJoin(notices, eq(notices.id, noticeFeedback.noticeId))
    .where(eq(noticeFeedback.receiptCode, code.trim().toUpperCase()));
  if (!f) throw errors.notFound('receipt');
  return { noticeTitle: f.title, status: f.status as 'received' | 'answered', outcome: f.outcome, submittedAt: f.createdAt.toISOString(), answeredAt: f.answeredAt?.toISOString() ?? null };
}

/** The feedback of a notice: publishers in scope read the content; only the supervisor sees who sent it (audited). */
export async function listFeedback(db: Db, cipher: PersonalDataCipher, actor: Actor, id: string, req?: FastifyRequest) {
  const n = await noticeOrFail(db, id);
  noticesPolicy.authorize(actor, 'feedback.read', n);
  const identity = noticesPolicy.can(actor, 'feedback.identity', n);
  const list = await db.select().from(noticeFeedback).where(eq(noticeFeedback.noticeId, id)).orderBy(noticeFeedback.createdAt);
  if (identity && list.length) await recordAudit(db, { actorId: actor.userId, action: 'notice.feedback.reveal', targetKind: 'notice', targetId: id, detail: { count: list.length } }, req);
  const open = (v: string | null) => (v ? cipher.decrypt(v) : null);
  return list.map((f) => ({
    id: f.id,
    content: f.content,
    anonymous: f.anonymous,
    sender: identity ? { name: open(f.nameEnc), phone: open(f.phoneEnc), account: open(f.senderEnc) } : null,
    status: f.status as 'received' | 'answered',
    outcome: f.outcome,
    createdAt: f.createdAt.toISOString(),
    answeredAt: f.answeredAt?.toISOString() ?? null,
  }));
}

/** The supervisor records the outcome of a feedback (核查结果), which its receipt code then shows. */
export async function answerFeedback(db: Db, cipher: PersonalDataCipher, actor: Actor, feedbackId: string, outcome: string, req?: FastifyRequest) {
  const [f] = await db.select().from(noticeFeedback).where(eq(noticeFeedback.id, feedbackId));
  if (!f) throw errors.notFound('feedback');
  const n = await noticeOrFail(db, f.noticeId);
  noticesPolicy.authorize(actor, 'feedback.answer', n);
  await db.update(noticeFeedback).set({ status: 'answered', outcome: outcome.trim(), answeredAt: new Date(), answeredBy: actor.userId }).where(eq(noticeFeedback.id, feedbackId));
  await recordAudit(db, { actorId: actor.userId, action: 'notice.feedback.answer', targetKind: 'notice', targetId: n.id }, req);
  return (await listFeedback(db, cipher, actor, n.id, req)).find((x) => x.id === feedbackId)!;
}
