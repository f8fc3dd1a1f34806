/**
 * Sessions kept by the server process for a few seconds (resolveSession): a request of a session in
 * use asks the database nothing, and any change to what the session carries — made through the API,
 * or by anyone else on the database (another server process, a hand-made SQL change) — is honoured
 * at once or as soon as the database's triggers reach the bus.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, statusSoon, type TestContext } from '../../testing/harness.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t?.close());

describe('kept sessions', () => {
  it('a session in use is answered from memory: a change the triggers do not tell is not seen (which is why every change that matters tells)', async () => {
    const c = await t.signIn('grid2');
    expect((await c.get('/api/v1/me')).statusCode).toBe(200);
    await t.database.exec('ALTER TABLE sessions DISABLE TRIGGER sessions_auth_changed');
    try {
      await t.database.query("DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = 'grid2')");
      expect((await c.get('/api/v1/me')).statusCode).toBe(200);
    } finally {
      await t.database.exec('ALTER TABLE sessions ENABLE TRIGGER sessions_auth_changed');
    }
    // Any change that tells the bus makes every process forget what it keeps.
    await t.database.query("UPDATE users SET display_name = display_name WHERE username = 'grid2'");
    expect(await statusSoon(() => c.get('/api/v1/me'), 401)).toBe(401);
  });

  it('an account disabled on the database by someone else is refused once the bus tells', async () => {
    const c = await t.signIn('property');
    expect((await c.get('/api/v1/me')).statusCode).toBe(200);
    await t.database.query("UPDATE users SET disabled = true WHERE username = 'property'");
    expect(await statusSoon(() => c.get('/api/v1/me'), 401)).toBe(401);
    await t.database.query("UPDATE users SET disabled = false WHERE username = 'property'");
    expect(await statusSoon(() => c.get('/api/v1/me'), 200)).toBe(200);
  });

  it('a grant taken away on the database by someone else takes the access away once the bus tells', async () => {
    const c = await t.signIn('township');
    expect((await c.get(`/api/v1/places/${t.codes.township}`)).statusCode).toBe(200);
    const [g] = await t.database.query<{ id: string; user_id: string; role: string; scope_kind: string; scope_code: string; county_code: string | null }>(
      "SELECT id, user_id, role, scope_kind, scope_code, county_code FROM role_grants WHERE user_id = (SELECT id FROM users WHERE username = 'township')",
    );
    await t.database.query('DELETE FROM role_grants WHERE id = $1', [g.id]);
    expect(await statusSoon(() => c.get(`/api/v1/places/${t.codes.township}`), 403)).toBe(403);
    await t.database.query('INSERT INTO role_grants (id, user_id, role, scope_kind, scope_code, county_code) VALUES ($1, $2, $3, $4, $5, $6)', [
      g.id,
      g.user_id,
      g.role,
      g.scope_kind,
      g.scope_code,
      g.county_code,
    ]);
    expect(await statusSoon(() => c.get(`/api/v1/places/${t.codes.township}`), 200)).toBe(200);
  });

  it('a sign-in (recorded on the account) tells no one; signing out forgets at once', async () => {
    const a = await t.signIn('secretary');
    expect((await a.get('/api/v1/me')).statusCode).toBe(200);
    await t.database.exec('ALTER TABLE sessions DISABLE TRIGGER sessions_auth_changed');
    try {
      await t.database.query("DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = 'secretary')");
    } finally {
      await t.database.exec('ALTER TABLE sessions ENABLE TRIGGER sessions_auth_changed');
    }
    const b = await t.signIn('secretary');
    await new Promise((r) => setTimeout(r, 300));
    expect((await a.get('/api/v1/me')).statusCode).toBe(200);
    expect((await b.post('/api/v1/auth/logout')).statusCode).toBe(200);
    expect((await b.get('/api/v1/me')).statusCode).toBe(401);
    expect((await a.get('/api/v1/me')).statusCode).toBe(401);
  });
});
