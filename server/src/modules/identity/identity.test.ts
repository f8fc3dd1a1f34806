import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, statusSoon, type TestContext } from '../../testing/harness.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ LOCKOUT_THRESHOLD: '3', LOGIN_RATE_LIMIT: '40' });
});
afterAll(() => t?.close());

const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, headers });

describe('sign-in', () => {
  it('sets an httpOnly SameSite=Lax session cookie and returns the person with her roles', async () => {
    const res = await login('community', 'Linli@2026');
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'linli_sid')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const body = res.json();
    expect(body.user.username).toBe('community');
    expect(body.grants).toEqual([expect.objectContaining({ role: 'community_staff', scopeCode: t.codes.community, scopeName: '马邑路中心社区' })]);
    expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
  });

  it('stores argon2id hashes, never the password', async () => {
    const [u] = await t.database.query<{ password_hash: string }>("SELECT password_hash FROM users WHERE username = 'community'");
    expect(u.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('answers a wrong password and an unknown user alike', async () => {
    const a = await login('community', 'wrong-password');
    const b = await login('nobody-here', 'wrong-password');
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json().code).toBe('BAD_CREDENTIALS');
    expect(b.json().message).toBe(a.json().message);
  });

  it('locks an account after repeated failures, even against the right password', async () => {
    for (let i = 0; i < 3; i++) await login('unit', 'nope-nope');
    const res = await login('unit', 'Linli@2026');
    expect(res.statusCode).toBe(423);
    expect(res.json().code).toBe('ACCOUNT_LOCKED');
    expect(res.headers['retry-after']).toBeDefined();
    await t.database.query("UPDATE users SET locked_until = now() - interval '1 minute', failed_logins = 0 WHERE username = 'unit'");
    expect((await login('unit', 'Linli@2026')).statusCode).toBe(200);
  });

  it('refuses a cross-site login post by Origin', async () => {
    const res = await login('community', 'Linli@2026', { origin: 'https://evil.example' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('CSRF_FAILED');
    expect((await login('community', 'Linli@2026', { origin: 'not a url' })).statusCode).toBe(403);
  });

  it('audits sign-ins and failures', async () => {
    const rows = await t.database.query<{ action: string }>("SELECT action FROM audit_log WHERE action LIKE 'auth.%'");
    const actions = rows.map((r) => r.action);
    expect(actions).toContain('auth.login');
    expect(actions).toContain('auth.login_failed');
  });
});

describe('sessions and CSRF', () => {
  it('GET /me is 401 anonymous and returns the person when signed in', async () => {
    const anon = await t.anonymous.get('/api/v1/me');
    expect(anon.statusCode).toBe(401);
    expect(anon.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    const c = await t.signIn('resident');
    const me = (await c.get('/api/v1/me')).json();
    expect(me.grants[0].role).toBe('resident');
    expect(me.user.residentId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a state-changing request without the CSRF token', async () => {
    const c = await t.signIn('community');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: c.cookie! } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'CSRF_FAILED', fields: [{ field: 'x-csrf-token' }] });
    expect((await c.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('logout ends the session', async () => {
    const c = await t.signIn('township');
    expect((await c.post('/api/v1/auth/logout')).statusCode).toBe(200);
    expect((await c.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('an expired session is anonymous', async () => {
    const c = await t.signIn('building');
    // Ended on the database by hand: the server process forgets the session it keeps when the bus tells it (sessions-kept.test.ts).
    await t.database.query("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = (SELECT id FROM users WHERE username = 'building')");
    expect(await statusSoon(() => c.get('/api/v1/me'), 401)).toBe(401);
    // A session kept no longer than it lives: one that expires in a moment is refused once it has.
    const d = await t.signIn('building');
    await t.database.query("UPDATE sessions SET expires_at = now() + interval '1.5 seconds' WHERE user_id = (SELECT id FROM users WHERE username = 'building')");
    await new Promise((r) => setTimeout(r, 300));
    expect((await d.get('/api/v1/me')).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await d.get('/api/v1/me')).statusCode).toBe(401);
  });
});

describe('users and role grants', () => {
  it('community staff create a user and grant a role in their community, audited', async () => {
    const staff = await t.signIn('community');
    const created = await staff.post('/api/v1/users', { username: 'new.head', displayName: '新楼栋长', password: 'a-long-password' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const grant = await staff.post(`/api/v1/users/${id}/grants`, { role: 'building_head', scopeKind: 'place', scopeCode: t.codes.building });
    expect(grant.statusCode).toBe(201);
    expect(grant.json()).toMatchObject({ role: 'building_head', scopeName: '1号楼' });
    const again = await staff.post(`/api/v1/users/${id}/grants`, { role: 'building_head', scopeKind: 'place', scopeCode: t.codes.building });
    expect(again.statusCode).toBe(409);
    const audit = await t.database.query<{ action: string; target_id: string }>("SELECT action, target_id FROM audit_log WHERE action = 'role.grant'");
    expect(audit).toContainEqual(expect.objectContaining({ target_id: id }));
    const head = await t.signIn('new.head', 'a-long-password');
    expect((await head.get(`/api/v1/places/${t.codes.building}`)).statusCode).toBe(200);
    expect((await head.get(`/api/v1/places/${t.codes.compound}`)).statusCode).toBe(403);
    // Several roles per person: a second grant on another node widens her view.
    await staff.post(`/api/v1/users/${id}/grants`, { role: 'unit_head', scopeKind: 'place', scopeCode: t.codes.compound + '00201' });
    const me = (await (await t.signIn('new.head', 'a-long-password')).get('/api/v1/me')).json();
    expect(me.grants.map((g: { role: string }) => g.role).sort()).toEqual(['building_head', 'unit_head']);
  });

  it('community staff may not grant outside their community, nor grant city-wide roles', async () => {
    const staff = await t.signIn('community');
    const created = (await staff.post('/api/v1/users', { username: 'outsider', displayName: '某人', password: 'a-long-password' })).json();
    const elsewhere = await staff.post(`/api/v1/users/${created.id}/grants`, { role: 'community_staff', scopeKind: 'place', scopeCode: '140681001001' });
    expect(elsewhere.statusCode).toBe(403);
    const admin = await staff.post(`/api/v1/users/${created.id}/grants`, { role: 'supervisor', scopeKind: 'place', scopeCode: t.codes.community });
    expect(admin.statusCode).toBe(403);
  });

  it('a grid worker is granted on a grid, and only there', async () => {
    const admin = await t.signIn('admin');
    const u = (await admin.post('/api/v1/users', { username: 'gw3', displayName: '网格员三', password: 'a-long-password' })).json();
    const bad = await admin.post(`/api/v1/users/${u.id}/grants`, { role: 'grid_worker', scopeKind: 'place', scopeCode: t.codes.community });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0].field).toBe('scopeKind');
    const ok = await admin.post(`/api/v1/users/${u.id}/grants`, { role: 'grid_worker', scopeKind: 'grid', scopeCode: t.codes.gridB });
    expect(ok.statusCode).toBe(201);
    const missing = await admin.post(`/api/v1/users/${u.id}/grants`, { role: 'grid_worker', scopeKind: 'grid', scopeCode: '140602001001999' });
    expect(missing.statusCode).toBe(400);
  });

  it('residents and grid workers cannot create users; duplicate usernames are refused', async () => {
    const r = await t.signIn('resident');
    expect((await r.post('/api/v1/users', { username: 'x-user', displayName: 'x', password: 'a-long-password' })).statusCode).toBe(403);
    const admin = await t.signIn('admin');
    const dup = await admin.post('/api/v1/users', { username: 'community', displayName: 'x', password: 'a-long-password' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().fields[0].field).toBe('username');
  });

  it('revoking a grant takes the access away', async () => {
    const admin = await t.signIn('admin');
    const u = (await admin.post('/api/v1/users', { username: 'temp.staff', displayName: '临时', password: 'a-long-password' })).json();
    const g = (await admin.post(`/api/v1/users/${u.id}/grants`, { role: 'community_staff', scopeKind: 'place', scopeCode: t.codes.community })).json();
    const staff = await t.signIn('temp.staff', 'a-long-password');
    expect((await staff.get(`/api/v1/places/${t.codes.community}`)).statusCode).toBe(200);
    expect((await admin.del(`/api/v1/users/${u.id}/grants/${g.id}`)).statusCode).toBe(200);
    expect((await staff.get(`/api/v1/places/${t.codes.community}`)).statusCode).toBe(403);
  });

  it('the audit log is for the city admin and the supervisor only', async () => {
    expect((await (await t.signIn('supervisor')).get('/api/v1/audit?limit=5')).statusCode).toBe(200);
    const list = (await (await t.signIn('admin')).get('/api/v1/audit?action=auth.login')).json();
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((e: { action: string }) => e.action === 'auth.login')).toBe(true);
    expect((await (await t.signIn('county')).get('/api/v1/audit')).statusCode).toBe(403);
  });
});

describe('login rate limit', () => {
  it('answers 429 in the error shape past the per-minute limit', async () => {
    let last = 0;
    for (let i = 0; i < 45 && last !== 429; i++) last = (await login('nobody', 'x')).statusCode;
    expect(last).toBe(429);
    const res = await login('nobody', 'x');
    expect(res.json().code).toBe('RATE_LIMITED');
  });
});
