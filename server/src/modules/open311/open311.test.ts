import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestContext, type TestContext } from '../../testing/harness.js';
import { setUpTickets, type TicketFixture } from '../tickets/tickets.test-helpers.js';
import { issueApiKey } from './api-keys.service.js';
import { loadValidators, parseXml, SCHEMA_DIR, SCHEMA_DIR_MISSING, xmlShapeOf, type Validators } from './open311.test-helpers.js';

let t: TestContext;
let fx: TicketFixture;
let key: string;
let v: Validators | null;
let compound: { code: string; name: string; lat: number; lng: number };
const B = '/open311/v2';

if (!SCHEMA_DIR) console.warn(SCHEMA_DIR_MISSING);

beforeAll(async () => {
  t = await createTestContext();
  fx = await setUpTickets(t);
  key = (await issueApiKey(t.database.db, '12345热线', { userId: null })).key;
  v = loadValidators();
  [compound] = await t.database.query<{ code: string; name: string; lat: number; lng: number }>('SELECT code, name, lat, lng FROM places WHERE code = $1', [t.codes.compound]);
}, 180_000);
afterAll(() => t?.close());

const form = (fields: Record<string, string | number>) => new URLSearchParams(Object.entries(fields).map(([k, x]) => [k, String(x)])).toString();
function post(fields: Record<string, string | number>, format = 'json', headers: Record<string, string> = {}) {
  return t.anonymous.request({ method: 'POST', url: `${B}/requests.${format}`, payload: form(fields), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
}
const get = (url: string) => t.anonymous.get(url);

/** Validates the JSON against the named schema (when the folder is there). */
function conforms(name: keyof Validators, body: unknown) {
  if (!v) return;
  const ok = v[name](body);
  expect(ok, `${name}: ${JSON.stringify(v[name].errors)}`).toBe(true);
}

/** The .xml twin of a JSON URL is well formed and says the same. */
async function xmlEqualsJson(url: string, json: unknown, root: string, item?: string) {
  const res = await get(url.replace('.json', '.xml'));
  expect(res.headers['content-type']).toContain('text/xml');
  expect(parseXml(res.body)).toEqual(xmlShapeOf(json, root, item));
}

/** A spec error: the array of {code, description}, in JSON and in XML. */
function expectError(res: LightMyRequestResponse, status: number, words?: RegExp) {
  expect(res.statusCode, res.body).toBe(status);
  if (res.headers['content-type']?.toString().includes('xml')) {
    const doc = parseXml(res.body) as { errors: { error: Array<{ code: string; description: string }> } };
    expect(doc.errors.error[0].code).toBe(String(status));
    if (words) expect(doc.errors.error[0].description).toMatch(words);
    return;
  }
  const body = res.json();
  expect(Array.isArray(body)).toBe(true);
  expect(body).toEqual([{ code: status, description: expect.any(String) }]);
  if (words) expect(body[0].description).toMatch(words);
}

describe('Open311 GeoReport v2: discovery and services', () => {
  it.skipIf(!SCHEMA_DIR)('reads the schemas from the shared folder, and they can fail', () => {
    expect(v).not.toBeNull();
    expect(v!.requests([{ service_request_id: '1', status: 'pending', service_code: 'x', requested_datetime: '2026-11-22T10:00:00+08:00' }])).toBe(false);
    expect(v!.services([{ service_code: 'x', service_name: 'x', metadata: 'yes', type: 'realtime' }])).toBe(false);
  });

  it('discovery in JSON and the same in XML', async () => {
    const res = await get(`${B}/discovery.json`);
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', url: expect.stringMatching(/\/open311\/v2$/), formats: ['application/json', 'text/xml'] });
    await xmlEqualsJson(`${B}/discovery.json`, d, 'discovery');
  });

  it('services are the ticket categories, valid by the schema, the same in XML', async () => {
    const res = await get(`${B}/services.json`);
    expect(res.statusCode).toBe(200);
    const list = res.json();
    conforms('services', list);
    expect(list.map((s: { service_code: string }) => s.service_code)).toContain('clutter');
    expect(list.find((s: { service_code: string }) => s.service_code === 'clutter')).toMatchObject({ service_name: expect.any(String), metadata: true, type: 'realtime' });
    await xmlEqualsJson(`${B}/services.json`, list, 'services', 'service');
  });

  it('a service definition lists its attributes; unknown codes are the spec 404', async () => {
    const res = await get(`${B}/services/clutter.json`);
    expect(res.statusCode).toBe(200);
    conforms('serviceDefinition', res.json());
    expect(res.json().attributes.map((a: { code: string }) => a.code)).toEqual(['urgency', 'title']);
    await xmlEqualsJson(`${B}/services/clutter.json`, res.json(), 'service_definition');
    expectError(await get(`${B}/services/nope.json`), 404, /nope/);
    expectError(await get(`${B}/services/nope.xml`), 404, /nope/);
    expectError(await get(`${B}/services/clutter`), 404, /\.json or \.xml/);
    expectError(await get(`${B}/services.json?jurisdiction_id=9999`), 404, /jurisdiction_id/);
    expect((await get(`${B}/services.json?jurisdiction_id=${t.codes.city}`)).statusCode).toBe(200);
    expectError(await get(`${B}/whatever.json`), 404);
  });
});

describe('Open311 POST requests', () => {
  it('refuses a missing, wrong or revoked api_key with 403', async () => {
    expectError(await post({ service_code: 'clutter', description: '楼道堆物', address_id: t.codes.household }), 403, /api_key/);
    expectError(await post({ api_key: 'linli_wrong', service_code: 'clutter', description: '楼道堆物', address_id: t.codes.household }), 403, /api_key/);
    expectError(await post({ api_key: 'linli_wrong', service_code: 'clutter', description: 'x', address_id: t.codes.household }, 'xml'), 403, /api_key/);
    const admin = await t.signIn('admin');
    const issued = (await admin.post('/api/v1/api-keys', { name: '临时' })).json();
    expect((await post({ api_key: issued.key, service_code: 'clutter', description: '楼道堆物', address_id: t.codes.household })).statusCode).toBe(200);
    expect((await admin.post(`/api/v1/api-keys/${encodeURIComponent('临时')}/revoke`)).statusCode).toBe(200);
    expectError(await post({ api_key: issued.key, service_code: 'clutter', description: '楼道堆物', address_id: t.codes.household }), 403, /revoked/);
  });

  it('missing service_code or location → 400 with the error array; unknown service → 404', async () => {
    expectError(await post({ api_key: key, description: '楼道堆物', address_id: t.codes.household }), 400, /service_code/);
    expectError(await post({ api_key: key, description: '楼道堆物', address_id: t.codes.household }, 'xml'), 400, /service_code/);
    expectError(await post({ api_key: key, service_code: 'nope', description: '楼道堆物', address_id: t.codes.household }), 404, /service_code/);
    expectError(await post({ api_key: key, service_code: 'clutter', description: '楼道堆物' }), 400, /location/);
    expectError(await post({ api_key: key, service_code: 'clutter', address_id: t.codes.household }), 400, /description/);
    expectError(await post({ api_key: key, service_code: 'clutter', description: 'x', lat: 39.3 }), 400, /long/);
    expectError(await post({ api_key: key, service_code: 'clutter', description: 'x', lat: 95, long: 112 }), 400, /lat/);
    expectError(await post({ api_key: key, service_code: 'clutter', description: 'x', lat: 20, long: 100 }), 400, /lat\/long/);
    expectError(await post({ api_key: key, service_code: 'clutter', description: 'x', address_id: '140602001001999' }), 400, /address_id/);
    expectError(await post({ api_key: key, service_code: 'clutter', description: 'x', address_string: '火星路 1 号' }), 400, /address_string/);
    expectError(await post({ api_key: key, service_code: 'clutter', description: 'x', address_id: t.codes.household, 'attribute[colour]': 'red' }), 400, /attribute\[colour\]/);
    expectError(await post({ api_key: key, service_code: 'clutter', description: 'x', address_id: t.codes.household, 'attribute[urgency]': 'soon' }), 400, /attribute\[urgency\]/);
    expectError(await post({ api_key: key, service_code: 'clutter', description: 'x', address_id: t.codes.household, media_url: 'ftp://x/y.jpg' }), 400, /media_url/);
    expectError(await post({ api_key: key, service_code: 'clutter', description: 'x', address_id: t.codes.household, phone: '123' }), 400, /phone/);
  });

  it('a WGS-84 pin inside a compound makes a ticket there; the token resolves; GET answers it by the schema', async () => {
    const res = await post({ api_key: key, service_code: 'clutter', description: '3号楼楼道堆满纸箱，联系电话13800138000', lat: compound.lat, long: compound.lng, media_url: 'https://example.org/p/1.jpg', 'attribute[urgency]': 'urgent', last_name: '王', first_name: '芳', phone: '13800138000' });
    expect(res.statusCode, res.body).toBe(200);
    const created = res.json();
    conforms('requestResponse', created);
    const { service_request_id: id, token } = created[0];
    expect(id).toMatch(/^\d{14}$/);
    const tok = await get(`${B}/tokens/${token}.json`);
    conforms('tokenResponse', tok.json());
    expect(tok.json()).toEqual([{ service_request_id: id, token }]);
    await xmlEqualsJson(`${B}/tokens/${token}.json`, tok.json(), 'service_requests', 'request');
    expectError(await get(`${B}/tokens/00000000-0000-4000-8000-000000000000.json`), 404);

    const one = await get(`${B}/requests/${id}.json`);
    expect(one.statusCode).toBe(200);
    conforms('requests', one.json());
    const [r] = one.json();
    const [row] = await t.database.query<{ deadline_at: Date; place_code: string; urgency: string; channel: string; reporter_phone_masked: string }>('SELECT deadline_at, place_code, urgency, channel, reporter_phone_masked FROM tickets WHERE number = $1', [id]);
    expect(row).toMatchObject({ place_code: compound.code, urgency: 'urgent', channel: 'referral', reporter_phone_masked: '138****8000' });
    expect(r).toMatchObject({ service_request_id: id, status: 'open', service_code: 'clutter', media_url: 'https://example.org/p/1.jpg', address_id: compound.code });
    // W3C date-time to the second: the deadline's own second (its milliseconds are not shown).
    expect(new Date(r.expected_datetime).getTime()).toBe(Math.floor(new Date(row.deadline_at).getTime() / 1000) * 1000);
    expect(r.expected_datetime).toMatch(/\+08:00$/);
    expect(r.description).not.toContain('13800138000');
    expect(r.address).toContain(compound.name);
    // The compound's own team holds it (the fixture formed every tier team).
    expect(r.agency_responsible).toMatch(/组|队|团/);
    expect(Math.abs(r.lat - compound.lat)).toBeLessThan(0.001);
    await xmlEqualsJson(`${B}/requests/${id}.json`, one.json(), 'service_requests', 'request');
    expect((await get(`${B}/request/${id}.json`)).json()).toEqual(one.json());
  });

  it('address_id and address_string locate the place; an Idempotency-Key replays the first answer', async () => {
    const a = (await post({ api_key: key, service_code: 'clutter', description: '楼道堆物', address_id: t.codes.household })).json();
    const [ra] = await t.database.query<{ place_code: string }>('SELECT place_code FROM tickets WHERE number = $1', [a[0].service_request_id]);
    expect(ra.place_code).toBe(t.codes.household);
    const b = (await post({ api_key: key, service_code: 'noise', description: '广场舞噪音', address_string: `朔城区${compound.name}东门` })).json();
    const [rb] = await t.database.query<{ place_code: string }>('SELECT place_code FROM tickets WHERE number = $1', [b[0].service_request_id]);
    expect(rb.place_code).toBe(compound.code);
    const h = { 'idempotency-key': 'hotline-call-77' };
    const first = (await post({ api_key: key, service_code: 'clutter', description: '重复提交', address_id: t.codes.household }, 'json', h)).json();
    const again = (await post({ api_key: key, service_code: 'clutter', description: '重复提交', address_id: t.codes.household }, 'json', h)).json();
    expect(again).toEqual(first);
    const [{ n }] = await t.database.query<{ n: number }>("SELECT count(*)::int AS n FROM tickets WHERE description = '重复提交'");
    expect(n).toBe(1);
    // XML POST answers the same shape.
    const x = await post({ api_key: key, service_code: 'clutter', description: '楼道堆物', address_id: t.codes.household }, 'xml');
    expect(x.statusCode).toBe(200);
    const doc = parseXml(x.body) as { service_requests: { request: Array<{ service_request_id: string; token: string }> } };
    expect(doc.service_requests.request[0].service_request_id).toMatch(/^\d{14}$/);
  });
});

describe('Open311 GET requests', () => {
  it('status follows the ticket loop: closed when closed, open while shelved', async () => {
    const closedId = await fx.ticketIn('closed');
    const shelvedId = await fx.ticketIn('shelved');
    const numberOf = async (id: string) => (await t.database.query<{ number: string }>('SELECT number FROM tickets WHERE id = $1', [id]))[0].number;
    const closed = (await get(`${B}/requests/${await numberOf(closedId)}.json`)).json()[0];
    expect(closed.status).toBe('closed');
    expect(closed.expected_datetime).toBeNull();
    expect(closed.status_notes).toMatch(/^已结案/);
    conforms('requests', [closed]);
    const shelved = (await get(`${B}/requests/${await numberOf(shelvedId)}.json`)).json()[0];
    expect(shelved).toMatchObject({ status: 'open', status_notes: expect.stringMatching(/^已挂账/) });
    const onlyClosed = (await get(`${B}/requests.json?status=closed`)).json();
    expect(onlyClosed.length).toBeGreaterThan(0);
    expect(onlyClosed.every((r: { status: string }) => r.status === 'closed')).toBe(true);
    conforms('requests', onlyClosed);
    expectError(await get(`${B}/requests.json?status=pending`), 400, /status/);
  });

  it('filters by service_code and ids; 90 days and 1,000 by default; dates checked', async () => {
    const all = (await get(`${B}/requests.json`)).json();
    conforms('requests', all);
    expect(all.length).toBeGreaterThan(3);
    await xmlEqualsJson(`${B}/requests.json`, all, 'service_requests', 'request');
    const noise = (await get(`${B}/requests.json?service_code=noise`)).json();
    expect(noise.length).toBe(1);
    const ids = all.slice(0, 2).map((r: { service_request_id: string }) => r.service_request_id);
    // With ids, every other filter is ignored.
    expect((await get(`${B}/requests.json?service_request_id=${ids.join(',')}&service_code=noise`)).json().map((r: { service_request_id: string }) => r.service_request_id).sort()).toEqual([...ids].sort());
    // An old ticket falls outside the default window; a confidential one never shows.
    await t.database.query(`UPDATE tickets SET created_at = now() - interval '100 days' WHERE number = $1`, [ids[0]]);
    await t.database.query(`UPDATE tickets SET confidential = true WHERE number = $1`, [ids[1]]);
    const after = (await get(`${B}/requests.json`)).json().map((r: { service_request_id: string }) => r.service_request_id);
    expect(after).not.toContain(ids[0]);
    expect(after).not.toContain(ids[1]);
    expectError(await get(`${B}/requests/${ids[1]}.json`), 404);
    const start = new Date(Date.now() - 120 * 86_400_000).toISOString();
    const end = new Date(Date.now() - 50 * 86_400_000).toISOString();
    expect((await get(`${B}/requests.json?start_date=${start}&end_date=${end}`)).json().map((r: { service_request_id: string }) => r.service_request_id)).toEqual([ids[0]]);
    expectError(await get(`${B}/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`), 400, /90 days/);
    expectError(await get(`${B}/requests.json?start_date=yesterday`), 400, /start_date/);
    expectError(await get(`${B}/requests.xml?end_date=2026-13-01`), 400, /end_date/);
    expectError(await get(`${B}/requests/99999999999999.json`), 404, /99999999999999/);
    expectError(await get(`${B}/requests/99999999999999.xml`), 404);

    await t.database.query(
      `INSERT INTO tickets (number, title, description, category_code, urgency, channel, status, place_code, township_code, county_code, tier, created_at, deadline_at)
       SELECT 'M' || g, '测试', '测试', 'clutter', 'general', 'resident', 'dispatched', $1, substr($1, 1, 9), substr($1, 1, 6), 'community', now() - g * interval '1 minute', now() + interval '7 days'
       FROM generate_series(1, 1005) g`,
      [t.codes.community],
    );
    const capped = (await get(`${B}/requests.json`)).json();
    expect(capped.length).toBe(1000);
    // Newest first.
    expect(capped[0].requested_datetime >= capped[999].requested_datetime).toBe(true);
  });
});

describe('API keys: the city admin issues and revokes them', () => {
  it('only the city admin; names unique among live keys; the key is shown once', async () => {
    for (const who of ['county', 'community', 'supervisor', 'resident']) {
      const c = await t.signIn(who);
      expect({ who, list: (await c.get('/api/v1/api-keys')).statusCode, create: (await c.post('/api/v1/api-keys', { name: 'x' })).statusCode }).toEqual({ who, list: 403, create: 403 });
    }
    const admin = await t.signIn('admin');
    const res = await admin.post('/api/v1/api-keys', { name: '市民App' });
    expect(res.statusCode).toBe(201);
    expect(res.json().key).toMatch(/^linli_/);
    expect((await admin.post('/api/v1/api-keys', { name: '市民App' })).statusCode).toBe(409);
    expect((await admin.post('/api/v1/api-keys', { name: '  ' })).json().fields[0].field).toBe('name');
    const list = (await admin.get('/api/v1/api-keys')).json();
    const mine = list.find((k: { name: string }) => k.name === '市民App');
    expect(mine).toMatchObject({ keyPrefix: res.json().key.slice(0, 10), revokedAt: null });
    expect(JSON.stringify(list)).not.toContain(res.json().key);
    expect((await admin.post('/api/v1/api-keys/nobody/revoke')).statusCode).toBe(404);
    expect((await admin.post(`/api/v1/api-keys/${encodeURIComponent('市民App')}/revoke`)).json().revokedAt).not.toBeNull();
    // Revoked, the name may be issued again.
    expect((await admin.post('/api/v1/api-keys', { name: '市民App' })).statusCode).toBe(201);
  });
});
