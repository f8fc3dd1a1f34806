/**
 * Ticket photos: uploaded first (re-encoded without EXIF/GPS, with a thumbnail), then attached to a
 * ticket or a report-back; at most 9 per ticket; read only by those who may read the ticket.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { and, count, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import { processImage } from '../../platform/images.js';
import { ticketPhotos } from './tickets.schema.js';
import { readableTicket } from './tickets.service.js';

export const MAX_PHOTOS_PER_TICKET = 9;

export interface PhotoView {
  id: string;
  url: string;
  thumbUrl: string;
  width: number;
  height: number;
  mime: string;
}

const view = (p: typeof ticketPhotos.$inferSelect): PhotoView => ({
  id: p.id,
  url: `/api/v1/ticket-photos/${p.id}`,
  thumbUrl: `/api/v1/ticket-photos/${p.id}/thumb`,
  width: p.width,
  height: p.height,
  mime: p.mime,
});

/** Stores an uploaded photo for the actor; it belongs to no ticket until attached. */
export async function uploadPhoto(db: Db, uploadsDir: string, actor: Actor, body: Buffer): Promise<PhotoView> {
  const img = await processImage(body);
  const id = randomUUID();
  const month = new Date().toISOString().slice(0, 7);
  const rel = join('tickets', month, `${id}.${img.format === 'jpeg' ? 'jpg' : img.format}`);
  const thumbRel = join('tickets', month, `${id}.thumb.webp`);
  await mkdir(dirname(join(uploadsDir, rel)), { recursive: true });
  await writeFile(join(uploadsDir, rel), img.image);
  await writeFile(join(uploadsDir, thumbRel), img.thumb);
  const county = actor.grants.find((g) => g.reach[0]?.length >= 6)?.reach[0].slice(0, 6) ?? '000000';
  const [row] = await db
    .insert(ticketPhotos)
    .values({ id, path: rel, thumbPath: thumbRel, mime: img.mime, bytes: img.image.length, width: img.width, height: img.height, uploadedBy: actor.userId, countyCode: county })
    .returning();
  return view(row);
}

/**
 * Attaches the actor's unattached photos to a ticket (and the event that carried them). Call it in the
 * transaction that writes the ticket or its report-back; `field` names the input in errors.
 */
export async function attachPhotos(db: Db, uploaderId: string, ticketId: string, countyCode: string, eventSeq: number, photoIds: string[], field = 'photoIds') {
  if (!photoIds.length) return;
  const unique = [...new Set(photoIds)];
  const found = await db
    .select()
    .from(ticketPhotos)
    .where(and(inArray(ticketPhotos.id, unique), eq(ticketPhotos.uploadedBy, uploaderId), isNull(ticketPhotos.ticketId)));
  const missing = unique.findIndex((id) => !found.some((p) => p.id === id));
  if (missing >= 0) throw errors.field(`${field}.${photoIds.indexOf(unique[missing])}`, 'no such photo of yours waiting to be attached (upload it first)');
  const [{ n }] = await db.select({ n: count() }).from(ticketPhotos).where(eq(ticketPhotos.ticketId, ticketId));
  if (n + unique.length > MAX_PHOTOS_PER_TICKET) throw errors.field(field, `at most ${MAX_PHOTOS_PER_TICKET} photos per ticket (it has ${n})`);
  await db.update(ticketPhotos).set({ ticketId, eventSeq, countyCode }).where(inArray(ticketPhotos.id, unique));
}

/** The photos of a ticket, in upload order (for its detail page). */
export async function photosOfTicket(db: Db, ticketId: string): Promise<Array<PhotoView & { eventSeq: number | null }>> {
  const rows = await db.select().from(ticketPhotos).where(eq(ticketPhotos.ticketId, ticketId)).orderBy(ticketPhotos.createdAt);
  return rows.map((p) => ({ ...view(p), eventSeq: p.eventSeq }));
}

/** The bytes of a photo or its thumbnail, for its uploader (before attaching) or whoever may read its ticket. */
export async function readPhoto(db: Db, uploadsDir: string, actor: Actor, id: string, thumb: boolean) {
  const [p] = await db.select().from(ticketPhotos).where(eq(ticketPhotos.id, id));
  if (!p) throw errors.notFound('photo');
  if (p.ticketId) await readableTicket(db, actor, p.ticketId);
  else if (p.uploadedBy !== actor.userId) throw errors.notFound('photo');
  const file = join(uploadsDir, thumb ? p.thumbPath : p.path);
  return { body: await readFile(file), mime: thumb ? 'image/webp' : p.mime };
}
