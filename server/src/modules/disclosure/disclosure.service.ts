/**
 * 居务公开: staff publish posts of a community (财务 with its funds ledger, 事务, 党务) for a period,
 * to the community's residents or to everyone, with attachments and, for a closed vote, its result.
 * Old posts go to the archive.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { and, asc, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import { IMAGE_TYPES, processImage, sniffImage } from '../../platform/images.js';
import type { CreateDisclosureBody, Disclosure, DisclosureKind } from '../../../../contracts/disclosure.js';
import { findPlace } from '../places/places.service.js';
import { getVote } from '../governance/votes.service.js';
import { disclosurePolicy } from './disclosure.policy.js';
import { disclosureAttachments, disclosureLedger, disclosurePosts } from './disclosure.schema.js';

type Post = typeof disclosurePosts.$inferSelect;
export const ATTACHMENT_TYPES: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
};

const livesIn = (actor: Actor | null, placeCode: string) => !!actor?.grants.some((g) => g.role === 'resident' && g.scopeCode.startsWith(placeCode));

/** May this reader (or the anonymous public) see the post. */
function canSee(actor: Actor | null, p: Post) {
  if (p.visibility === 'public') return true;
  if (!actor) return false;
  return disclosurePolicy.can(actor, 'disclosure.read', p) || disclosurePolicy.can(actor, 'disclosure.manage', p) || livesIn(actor, p.placeCode);
}

async function present(db: Db, p: Post): Promise<Disclosure> {
  const [ledger, files, place] = await Promise.all([
    db.select().from(disclosureLedger).where(eq(disclosureLedger.postId, p.id)).orderBy(asc(disclosureLedger.seq)),
    db.select().from(disclosureAttachments).where(eq(disclosureAttachments.postId, p.id)).orderBy(asc(disclosureAttachments.createdAt)),
    findPlace(db, p.placeCode),
  ]);
  const income = ledger.reduce((s, l) => s + Number(l.incomeFen), 0);
  const expense = ledger.reduce((s, l) => s + Number(l.expenseFen), 0);
  return {
    id: p.id,
    placeCode: p.placeCode,
    placeName: place?.name ?? p.placeCode,
    kind: p.kind as DisclosureKind,
    title: p.title,
    body: p.body,
    period: p.period,
    visibility: p.visibility as Disclosure['visibility'],
    publishedAt: p.publishedAt.toISOString(),
    archivedAt: p.archivedAt?.toISOString() ?? null,
    ledger: ledger.map((l) => ({ occurredOn: l.occurredOn, item: l.item, income: Number(l.incomeFen) / 100, expense: Number(l.expenseFen) / 100, note: l.note })),
    totals: { income: income / 100, expense: expense / 100, balance: (income - expense) / 100 },
    attachments: files.map((f) => ({ id: f.id, fileName: f.fileName, mime: f.mime, size: f.size, url: `/api/v1/disclosure-attachments/${f.id}` })),
    vote: (p.voteSummary as Disclosure['vote']) ?? null,
  };
}

async function postOrFail(db: Db, actor: Actor | null, id: string) {
  const [p] = await db.select().from(disclosurePosts).where(eq(disclosurePosts.id, id));
  if (!p) throw errors.notFound(`disclosure ${id}`);
  if (!canSee(actor, p)) throw actor ? errors.forbidden('disclosure.read') : errors.unauthenticated();
  return p;
}

/** Publishes a post; a finance post may carry its ledger, any post a closed vote's result. */
export async function publishDisclosure(db: Db, actor: Actor, input: CreateDisclosureBody, req?: FastifyRequest): Promise<Disclosure> {
  const place = await findPlace(db, input.communityCode);
  if (!place || place.level !== 'community') throw errors.field('communityCode', 'not a community');
  disclosurePolicy.authorize(actor, 'disclosure.manage', { placeCode: place.code });
  if (input.ledger?.length && input.kind !== 'finance') throw errors.field('ledger', 'only a finance post has a funds ledger');
  let voteSummary: Disclosure['vote'] = null;
  if (input.voteId) {
    const v = await getVote(db, actor, input.voteId);
    if (v.status !== 'closed' || !v.result) throw errors.field('voteId', 'the vote is not closed');
    if (!v.placeCode.startsWith(place.code)) throw errors.field('voteId', 'the vote is not of this community');
    voteSummary = {
      id: v.id,
      title: v.title,
      passed: v.result.passed,
      quorumMet: v.result.quorum.met,
      electorate: v.result.electorate.voters,
      participation: v.result.participation.voters,
      options: v.result.options.map((o) => ({ label: o.label, votes: o.votes })),
      elected: v.result.elected.map((k) => v.options.find((o) => o.key === k)?.label ?? k),
    };
  }
  const county = place.code.slice(0, 6);
  const id = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [p] = await tx
      .insert(disclosurePosts)
      .values({ placeCode: place.code, countyCode: county, kind: input.kind, title: input.title.trim(), body: input.body, period: input.period, visibility: input.visibility, voteId: input.voteId ?? null, voteSummary, createdBy: actor.userId })
      .returning();
    if (input.ledger?.length) {
      await tx.insert(disclosureLedger).values(
        input.ledger.map((l, i) => ({ postId: p.id, seq: i + 1, countyCode: county, occurredOn: l.occurredOn, item: l.item, incomeFen: Math.round(l.income * 100), expenseFen: Math.round(l.expense * 100), note: l.note ?? null })),
      );
    }
    return p.id;
  });
  await recordAudit(db, { actorId: actor.userId, action: 'disclosure.publish', targetKind: 'disclosure', targetId: id }, req);
  return getDisclosure(db, actor, id);
}

export async function getDisclosure(db: Db, actor: Actor | null, id: string) {
  return present(db, await postOrFail(db, actor, id));
}

/** A community's posts the reader may see: current or archived, by kind and period. */
export async function listDisclosures(db: Db, actor: Actor | null, q: { community: string; kind?: string; period?: string; archived?: boolean }) {
  const list = await db
    .select()
    .from(disclosurePosts)
    .where(
      and(
        eq(disclosurePosts.placeCode, q.community),
        q.kind ? eq(disclosurePosts.kind, q.kind) : undefined,
        q.period ? sql`${disclosurePosts.period} LIKE ${q.period + '%'}` : undefined,
        q.archived ? isNotNull(disclosurePosts.archivedAt) : isNull(disclosurePosts.archivedAt),
      ),
    )
    .orderBy(desc(disclosurePosts.period), desc(disclosurePosts.publishedAt))
    .limit(200);
  return Promise.all(list.filter((p) => canSee(actor, p)).map((p) => present(db, p)));
}

/** Moves a post to the archive (归档); it stays readable there. */
export async function archiveDisclosure(db: Db, actor: Actor, id: string, req?: FastifyRequest) {
  const p = await postOrFail(db, actor, id);
  disclosurePolicy.authorize(actor, 'disclosure.manage', p);
  if (p.archivedAt) throw errors.conflict('already archived', [{ field: 'archivedAt', message: 'set' }]);
  await db.update(disclosurePosts).set({ archivedAt: new Date() }).where(eq(disclosurePosts.id, id));
  await recordAudit(db, { actorId: actor.userId, action: 'disclosure.archive', targetKind: 'disclosure', targetId: id }, req);
  return getDisclosure(db, actor, id);
}

/** True when the bytes are what the declared type says (PDF header, image magic, a zip for xlsx). */
function contentIs(mime: string, buf: Buffer) {
  if (mime === 'application/pdf') return buf.subarray(0, 5).toString('latin1') === '%PDF-';
  if (mime.startsWith('image/')) {
    const sniffed = sniffImage(buf);
    return !!sniffed && IMAGE_TYPES[sniffed] === mime;
  }
  return buf.length >= 4 && buf.readUInt32BE(0) === 0x504b0304;
}

/** Attaches a file (PDF, JPEG, PNG or xlsx) to a post; images are re-encoded without metadata (EXIF, GPS). */
export async function attachFile(db: Db, uploadsDir: string, actor: Actor, id: string, file: { buffer: Buffer; mime: string; fileName: string }, req?: FastifyRequest) {
  const p = await postOrFail(db, actor, id);
  disclosurePolicy.authorize(actor, 'disclosure.manage', p);
  const ext = ATTACHMENT_TYPES[file.mime];
  if (!ext) throw errors.field('content-type', 'PDF, JPEG, PNG or xlsx');
  if (!contentIs(file.mime, file.buffer)) throw errors.field('file', `文件内容与类型 ${ext} 不符 (the file is not a ${ext})`);
  if (file.mime.startsWith('image/')) file = { ...file, buffer: (await processImage(file.buffer, 'file')).image };
  const storedName = `${randomUUID()}.${ext}`;
  const dir = join(uploadsDir, 'disclosure');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, storedName), file.buffer);
  await db.insert(disclosureAttachments).values({ postId: id, countyCode: p.countyCode, fileName: file.fileName, mime: file.mime, size: file.buffer.length, storedName });
  await recordAudit(db, { actorId: actor.userId, action: 'disclosure.attach', targetKind: 'disclosure', targetId: id, detail: { fileName: file.fileName } }, req);
  return getDisclosure(db, actor, id);
}

/** An attachment's bytes, for whoever may see its post. */
export async function readAttachment(db: Db, uploadsDir: string, actor: Actor | null, attachmentId: string) {
  const [a] = await db.select().from(disclosureAttachments).where(eq(disclosureAttachments.id, attachmentId));
  if (!a) throw errors.notFound('attachment');
  await postOrFail(db, actor, a.postId);
  return { ...a, buffer: await readFile(join(uploadsDir, 'disclosure', a.storedName)) };
}
