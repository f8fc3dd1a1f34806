import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_KEY } from '../testing/harness.js';
import type { Database } from '../platform/db.js';
import { checkIdNumber } from '../../../contracts/validation.js';
import { seedCityScale } from './city-scale.js';

let db: Database & { drop(): Promise<void> };
let counts: Awaited<ReturnType<typeof seedCityScale>>;
beforeAll(async () => {
  db = await createTestDatabase();
  counts = await seedCityScale(db.db, TEST_KEY, { factor: 0.1, communitiesPerTownship: 1 });
});
afterAll(() => db?.drop());

describe('the city-scale seed (shape, on a sliver of the city)', () => {
  it('has every county and township, villages and urban communities, and the tree below them', async () => {
    const levels = await db.query<{ level: string; n: number }>('SELECT level, count(*)::int AS n FROM places GROUP BY level');
    const n = Object.fromEntries(levels.map((l) => [l.level, l.n]));
    expect(n.county).toBe(7);
    expect(n.township).toBe(72);
    expect(n.community).toBe(72);
    expect(counts.villages).toBeGreaterThan(30);
    expect(n.compound).toBe(counts.compounds);
    expect(n.building).toBe(counts.buildings);
    expect(n.household).toBe(counts.households);
  });

  it('gives every resident a valid, unique ID number, marked synthetic', async () => {
    const sample = await db.query<{ id_number_enc: string; synthetic: boolean; birth_date: string; gender: string }>('SELECT id_number_enc, synthetic, birth_date, gender FROM residents ORDER BY random() LIMIT 300');
    for (const r of sample) {
      const check = checkIdNumber(TEST_KEY.decrypt(r.id_number_enc));
      expect(check.ok).toBe(true);
      if (check.ok) expect([check.birthDate, check.gender]).toEqual([r.birth_date, r.gender]);
      expect(r.synthetic).toBe(true);
    }
    const [{ dup }] = await db.query<{ dup: number }>('SELECT count(*)::int - count(DISTINCT id_number_hash)::int AS dup FROM residents');
    expect(dup).toBe(0);
  });

  it('records party members and puts every building in a grid', async () => {
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM party_members');
    expect(n).toBe(counts.partyMembers);
    expect(n / counts.residents).toBeGreaterThan(0.03);
    const [{ loose }] = await db.query<{ loose: number }>("SELECT count(*)::int AS loose FROM places p WHERE level = 'building' AND NOT EXISTS (SELECT 1 FROM grid_buildings g WHERE g.building_code = p.code)");
    expect(loose).toBe(0);
  });

  it('refuses a database that has places', async () => {
    await expect(seedCityScale(db.db, TEST_KEY, { factor: 0.1, communitiesPerTownship: 1 })).rejects.toThrow(/empty database/);
  });
});
