import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './testing/harness.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ BODY_LIMIT_BYTES: '2048' });
});
afterAll(() => t?.close());

describe('operations endpoints', () => {
  it('/api/health is alive and /api/ready checks the database and migrations', async () => {
    expect((await t.anonymous.get('/api/health')).json()).toEqual({ status: 'ok' });
    const ready = await t.anonymous.get('/api/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', migrations: expect.any(Number) });
  });

  it('/api/ready is 503 when a migration is pending', async () => {
    const [{ tag }] = await t.database.query<{ tag: string }>('SELECT tag FROM schema_migrations ORDER BY tag DESC LIMIT 1');
    await t.database.query('DELETE FROM schema_migrations WHERE tag = $1', [tag]);
    try {
      const res = await t.anonymous.get('/api/ready');
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: 'NOT_READY', message: expect.stringContaining(tag) });
    } finally {
      await t.database.query("INSERT INTO schema_migrations (tag, hash) VALUES ($1, 'x')", [tag]);
    }
  });

  it('/metrics speaks Prometheus and counts requests by route', async () => {
    await t.anonymous.get('/api/health');
    const res = await t.anonymous.get('/metrics');
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toMatch(/linli_http_requests_total\{method="GET",route="\/api\/health",status="200"\} \d+/);
    expect(res.body).toContain('linli_process_cpu_seconds_total');
  });

  it('the OpenAPI document and its UI are served at /api/docs', async () => {
    const doc = await t.anonymous.get('/api/docs/json');
    expect(doc.statusCode).toBe(200);
    const spec = doc.json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/v1/me', '/api/v1/auth/login', '/api/v1/places/{code}', '/api/v1/residents/{id}']));
    expect(spec.paths['/api/v1/auth/login'].post.requestBody.content['application/json'].schema.required).toEqual(['username', 'password']);
    const ui = await t.anonymous.get('/api/docs/');
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger');
  });

  it('every response carries a request id; a well-formed incoming one is kept', async () => {
    const res = await t.anonymous.request({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'abc-12345-def' } });
    expect(res.headers['x-request-id']).toBe('abc-12345-def');
    const odd = await t.anonymous.request({ method: 'GET', url: '/api/health', headers: { 'x-request-id': '<script>' } });
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers', async () => {
    const res = await t.anonymous.get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
  });
});

describe('bad input gets a clear error naming the field, never a 5xx', () => {
  it('rejects unknown fields', async () => {
    const res = await t.anonymous.post('/api/v1/auth/login', { username: 'a', password: 'b', role: 'city_admin' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'role', message: 'unknown field' }] });
  });

  it('names a missing field and a wrong type', async () => {
    const missing = (await t.anonymous.post('/api/v1/auth/login', { username: 'a' })).json();
    expect(missing.fields).toContainEqual({ field: 'password', message: 'is required' });
    const wrong = (await t.anonymous.post('/api/v1/auth/login', { username: 5, password: 'x' })).json();
    expect(wrong.fields[0].field).toBe('username');
  });

  it('names bad params and query fields', async () => {
    const c = await t.signIn('admin');
    const params = await c.get('/api/v1/places/abc');
    expect(params.statusCode).toBe(400);
    expect(params.json().fields[0].field).toBe('params.code');
    const query = await c.get('/api/v1/places/1406?pageSize=100000');
    expect(query.statusCode).toBe(400);
    expect(query.json().fields[0].field).toBe('query.pageSize');
    const extra = await c.get('/api/v1/places/1406?evil=1');
    expect(extra.json().fields[0]).toEqual({ field: 'query.evil', message: 'unknown field' });
    const id = await c.get('/api/v1/residents/not-a-uuid');
    expect(id.json().fields[0].field).toBe('params.id');
  });

  it('answers 413 for an oversized body and 415 for a wrong content type', async () => {
    const big = await t.anonymous.request({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'a', password: 'x'.repeat(5000) } });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('PAYLOAD_TOO_LARGE');
    for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x']) {
      const res = await t.anonymous.request({ method: 'POST', url: '/api/v1/auth/login', payload: 'username=a', headers: { 'content-type': type } });
      expect({ type, status: res.statusCode }).toEqual({ type, status: 415 });
      expect(res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', fields: [{ field: 'content-type' }] });
    }
  });

  it('answers 400 for malformed and empty JSON', async () => {
    const bad = await t.anonymous.request({ method: 'POST', url: '/api/v1/auth/login', payload: '{"username":', headers: { 'content-type': 'application/json' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    const empty = await t.anonymous.request({ method: 'POST', url: '/api/v1/auth/login', payload: '', headers: { 'content-type': 'application/json' } });
    expect(empty.statusCode).toBe(400);
  });

  it('answers unknown routes with 404 in the error shape', async () => {
    const api = await t.anonymous.get('/api/v1/nothing-here');
    expect(api.statusCode).toBe(404);
    expect(api.json().code).toBe('NOT_FOUND');
    const post = await t.anonymous.post('/api/v2/x', {});
    expect(post.statusCode).toBe(404);
  });

  it('survives hostile strings in every text field', async () => {
    const c = await t.signIn('admin');
    const nasty = ["'; DROP TABLE users; --", '\u0000', '𠮷'.repeat(30), '../../etc/passwd', '%00', '{"$gt":""}'];
    for (const s of nasty) {
      for (const res of [
        await t.anonymous.post('/api/v1/auth/login', { username: s, password: s }),
        await c.post('/api/v1/users', { username: s, displayName: s, password: s + 'xxxxxxxx' }),
        await c.get(`/api/v1/places/${encodeURIComponent(s)}`),
        await c.get(`/api/v1/audit?action=${encodeURIComponent(s)}`),
      ]) {
        expect(res.statusCode).toBeLessThan(500);
      }
    }
    expect((await t.database.query('SELECT count(*)::int AS n FROM users'))[0]).toMatchObject({ n: expect.any(Number) });
  });
});

describe('the web app', () => {
  it('falls back to the app page for client-side routes, not for the API', async () => {
    const page = await t.anonymous.get('/org/140602');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
  });
});
