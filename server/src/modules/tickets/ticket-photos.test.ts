import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../testing/harness.js';
import { setUpTickets, type TicketFixture } from './tickets.test-helpers.js';
import { attachPhotos, photosOfTicket } from './ticket-photos.service.js';

let t: TestContext;
let fx: TicketFixture;
let resident: Client;

async function photo(kind: 'jpeg' | 'png' = 'jpeg') {
  const img = sharp({ create: { width: 40, height: 30, channels: 3, background: '#2a6' } });
  return kind === 'png' ? img.png().toBuffer() : img.jpeg().withExif({ IFD0: { Make: 'PhoneCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 19/1 52/1' } }).toBuffer();
}

const upload = (c: Client, body: Buffer | string, type = 'image/jpeg') => c.request({ method: 'POST', url: '/api/v1/ticket-photos', payload: body, headers: { 'content-type': type } });

beforeAll(async () => {
  t = await createTestContext({ UPLOADS_DIR: `/tmp/linli-photos-${process.pid}-${Date.now()}` });
  fx = await setUpTickets(t);
  resident = await t.signIn('resident');
});
afterAll(() => t?.close());

describe('ticket photos', () => {
  it('uploads a JPEG, stores it without EXIF or GPS, serves it and its thumbnail to the uploader only', async () => {
    const res = await upload(resident, await photo());
    expect(res.statusCode).toBe(201);
    const p = res.json();
    expect(p).toMatchObject({ width: 40, height: 30, mime: 'image/jpeg', url: `/api/v1/ticket-photos/${p.id}` });
    const img = await resident.get(p.url);
    expect(img.headers['content-type']).toBe('image/jpeg');
    const meta = await sharp(img.rawPayload).metadata();
    expect(meta.exif).toBeUndefined();
    expect(img.rawPayload.includes(Buffer.from('PhoneCam'))).toBe(false);
    expect((await resident.get(p.thumbUrl)).headers['content-type']).toBe('image/webp');
    expect((await (await t.signIn('community')).get(p.url)).statusCode).toBe(404);
  });

  it('refuses other types and damaged or oversized files with a clear error', async () => {
    const gif = await upload(resident, Buffer.from('GIF89a…'), 'image/gif');
    expect(gif.statusCode).toBe(415);
    expect(gif.json().fields[0].field).toBe('content-type');
    const fake = await upload(resident, Buffer.from('%PDF-1.7 not a photo'));
    expect(fake.statusCode).toBe(400);
    expect(fake.json().fields[0].field).toBe('file');
    const big = await upload(resident, Buffer.concat([await photo(), Buffer.alloc(11 * 1024 * 1024)]));
    expect(big.statusCode).toBe(413);
    expect((await t.anonymous.request({ method: 'POST', url: '/api/v1/ticket-photos', payload: await photo(), headers: { 'content-type': 'image/jpeg' } })).statusCode).toBe(401);
  });

  it('attached to a ticket, a photo is read by those who may read the ticket, and at most 9 go on one ticket', async () => {
    const id = await fx.ticketIn('dispatched');
    const [{ county_code: county }] = await t.database.query<{ county_code: string }>('SELECT county_code FROM tickets WHERE id = $1', [id]);
    const me = (await resident.get('/api/v1/me')).json();
    const actor = { userId: me.user.id, username: 'resident', displayName: '', residentId: me.user.residentId, grants: [] };
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await upload(resident, await photo('png'))).json().id);
    await attachPhotos(t.database.db, actor.userId, id, county, 1, ids.slice(0, 9));
    await expect(attachPhotos(t.database.db, actor.userId, id, county, 2, ids.slice(9))).rejects.toMatchObject({ fields: [{ field: 'photoIds' }] });
    await expect(attachPhotos(t.database.db, actor.userId, id, county, 2, [ids[0]])).rejects.toMatchObject({ fields: [{ field: 'photoIds.0' }] });
    expect(await photosOfTicket(t.database.db, id)).toHaveLength(9);
    expect((await (await t.signIn('community')).get(`/api/v1/ticket-photos/${ids[0]}`)).statusCode).toBe(200);
    expect((await (await t.signIn('grid2')).get(`/api/v1/ticket-photos/${ids[0]}/thumb`)).statusCode).toBe(403);
  });
});

describe('photos sent with a ticket and with a report-back', () => {
  it('attaches them to the ticket and to the event that brought them', async () => {
    const a = (await upload(resident, await photo())).json();
    const created = await fx.create('resident', { channel: 'resident', description: '楼道杂物乱堆，见照片', categoryCode: 'clutter', photoIds: [a.id] }, { 'idempotency-key': crypto.randomUUID() });
    expect(created.status).toBe(201);
    expect(created.json.photos).toEqual([expect.objectContaining({ id: a.id, eventSeq: 1 })]);
    // Someone else's photo, or one already used, is refused by its index.
    const again = await fx.create('resident', { channel: 'resident', description: '再报一次', categoryCode: 'clutter', photoIds: [a.id] }, { 'idempotency-key': crypto.randomUUID() });
    expect(again.status).toBe(400);
    expect(again.json.fields[0].field).toBe('photoIds.0');
    expect((await t.database.query('SELECT 1 FROM tickets WHERE description = $1', ['再报一次'])).length).toBe(0);
  });

  it('a report-back carries its photos into the timeline', async () => {
    const id = await fx.ticketIn('in_progress');
    const detail = await fx.get('community', id);
    const responder = detail.ticket.teamName ? 'member' : 'community';
    const p = (await upload(await fx.as(responder), await photo('png'), 'image/png')).json();
    const res = await fx.act(responder, id, 'report_back', { note: '已清理完毕', photoIds: [p.id] });
    expect(res.status).toBe(200);
    const seq = res.json.timeline.find((e: { type: string }) => e.type === 'report_back').seq;
    expect(res.json.photos).toContainEqual(expect.objectContaining({ id: p.id, eventSeq: seq }));
  });
});
