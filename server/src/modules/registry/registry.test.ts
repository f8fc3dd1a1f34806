import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../testing/harness.js';
import { checkIdNumber } from '../../../../contracts/validation.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t?.close());

async function memberOf(household: string) {
  const [r] = await t.database.query<{ id: string }>("SELECT id FROM residents WHERE household_code = $1 AND id_number_enc IS NOT NULL AND mobile_enc IS NOT NULL ORDER BY id LIMIT 1", [household]);
  return r.id;
}

describe('personal data', () => {
  it('is encrypted at rest: no plain ID number or mobile in the table', async () => {
    const rows = await t.database.query<{ id_number_enc: string; id_number_masked: string; mobile_enc: string }>(
      'SELECT id_number_enc, id_number_masked, mobile_enc FROM residents WHERE id_number_enc IS NOT NULL AND mobile_enc IS NOT NULL LIMIT 50',
    );
    expect(rows.length).toBe(50);
    for (const r of rows) {
      expect(r.id_number_enc).toMatch(/^v1\.\w+\./);
      expect(r.id_number_enc).not.toMatch(/\d{17}[\dX]/);
      expect(r.id_number_masked).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
      const plain = t.cipher.decrypt(r.id_number_enc);
      expect(checkIdNumber(plain).ok).toBe(true);
      expect(t.cipher.decrypt(r.mobile_enc)).toMatch(/^1[3-9]\d{9}$/);
    }
  });

  it('a household lists its members masked, and the read is audited', async () => {
    const c = await t.signIn('community');
    const res = await c.get(`/api/v1/households/${t.codes.household}`);
    expect(res.statusCode).toBe(200);
    const h = res.json();
    expect(h.address).toBe('朔城区 北城街道 马邑路中心社区 幸福新邻里小区 1号楼 1单元 101室');
    // No 18-character ID number anywhere as a whole value; masked ones only.
    expect(JSON.stringify(h)).not.toMatch(/"\d{17}[\dX]"/);
    expect(h.residents.filter((r: { idNumber: string | null }) => r.idNumber).every((r: { idNumber: string }) => /^\d{4}\*{10}[\dX]{4}$/.test(r.idNumber))).toBe(true);
    expect(h.residents[0].relation).toBe('本人');
    const audit = await t.database.query("SELECT 1 FROM audit_log WHERE action = 'household.read' AND target_id = $1", [t.codes.household]);
    expect(audit.length).toBe(1);
  });

  it('reveals the full numbers to the grid worker of the grid, audited; not to a building head', async () => {
    const id = await memberOf(t.codes.household);
    const gw = await t.signIn('grid');
    const res = await gw.post(`/api/v1/residents/${id}/reveal`);
    expect(res.statusCode).toBe(200);
    expect(checkIdNumber(res.json().idNumber).ok).toBe(true);
    const rows = await t.database.query<{ actor_id: string }>("SELECT actor_id FROM audit_log WHERE action = 'resident.reveal' AND target_id = $1", [id]);
    expect(rows.length).toBe(1);
    const head = await t.signIn('building');
    expect((await head.get(`/api/v1/residents/${id}`)).statusCode).toBe(200);
    expect((await head.post(`/api/v1/residents/${id}/reveal`)).statusCode).toBe(403);
  });

  it('a resident may reveal her own numbers but not her neighbour’s', async () => {
    const r = await t.signIn('resident');
    const me = (await r.get('/api/v1/me')).json().user.residentId;
    expect((await r.post(`/api/v1/residents/${me}/reveal`)).statusCode).toBe(200);
    const other = await memberOf(t.codes.unit + '0102');
    expect((await r.post(`/api/v1/residents/${other}/reveal`)).statusCode).toBe(403);
  });

  it('reading a resident is audited as a read of personal data', async () => {
    const id = await memberOf(t.codes.household);
    await (await t.signIn('community')).get(`/api/v1/residents/${id}`);
    const rows = await t.database.query("SELECT 1 FROM audit_log WHERE action = 'resident.read' AND target_id = $1", [id]);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('unknown residents and households are 404', async () => {
    const c = await t.signIn('admin');
    expect((await c.get('/api/v1/residents/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await c.get(`/api/v1/households/${t.codes.unit}`)).statusCode).toBe(404);
  });
});
