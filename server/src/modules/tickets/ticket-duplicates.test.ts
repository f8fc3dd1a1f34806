import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../testing/harness.js';
import type { Database } from '../../platform/db.js';
import { searchText } from '../../platform/search.js';
import { findSimilarOpenTickets } from './ticket-duplicates.service.js';

let db: Database & { drop(): Promise<void> };
const compound = '140602001001001';
const now = new Date('2026-11-22T12:00:00+08:00');

async function ticket(n: string, f: { title: string; description?: string; category?: string; status?: string; compound?: string; daysAgo?: number; confidential?: boolean }) {
  const place = (f.compound ?? compound) + '001010101';
  await db.query(
    `INSERT INTO tickets (number, title, description, category_code, urgency, channel, status, confidential, place_code, compound_code, township_code, county_code, tier, created_at, search_text)
     VALUES ($1, $2, $3, $4, 'general', 'resident', $5, $6, $7, substr($7, 1, 15), substr($7, 1, 9), substr($7, 1, 6), 'unit_team', $8, $9)`,
    [n, f.title, f.description ?? '', f.category ?? 'clutter', f.status ?? 'dispatched', f.confidential ?? false, place, new Date(now.getTime() - (f.daysAgo ?? 1) * 86_400_000), searchText(f.title, f.description)],
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  await ticket('1', { title: '楼道杂物乱堆', description: '1号楼楼道里杂物乱堆，堵住了消防通道' });
  await ticket('2', { title: '楼道杂物', description: '楼道杂物乱堆影响通行', daysAgo: 40 });
  await ticket('3', { title: '楼道杂物乱堆', description: '消防通道被杂物堵住', status: 'closed' });
  await ticket('4', { title: '楼道杂物乱堆', description: '消防通道被杂物堵住', compound: '140602001001002' });
  await ticket('5', { title: '楼道杂物乱堆', description: '消防通道被杂物堵住', category: 'safety_hazard' });
  await ticket('6', { title: '车棚里堆满废旧自行车', description: '车棚杂物' });
  await ticket('7', { title: '楼道杂物乱堆', description: '消防通道堵住', confidential: true });
});
afterAll(() => db?.drop());

describe('similar open tickets', () => {
  it('offers the open ticket of the same category, compound and month with similar words — and nothing else', async () => {
    const found = await findSimilarOpenTickets(db.db, { categoryCode: 'clutter', compoundCode: compound, text: '楼道杂物乱堆堵住消防通道', now });
    expect(found.map((f) => f.number)).toEqual(['1']);
    expect(found[0].similarity).toBeGreaterThan(0.2);
    expect(found[0].status).toBe('已派遣');
  });

  it('finds nothing for a different problem', async () => {
    expect(await findSimilarOpenTickets(db.db, { categoryCode: 'clutter', compoundCode: compound, text: '电梯故障困人', now })).toEqual([]);
  });
});

describe('GET /tickets/similar', () => {
  it('answers residents of the compound and staff above it; not others', async () => {
    const { createTestContext } = await import('../../testing/harness.js');
    const t = await createTestContext();
    try {
      const url = `/api/v1/tickets/similar?category=clutter&compound=${t.codes.compound}&text=${encodeURIComponent('楼道杂物')}`;
      expect((await (await t.signIn('resident')).get(url)).statusCode).toBe(200);
      expect((await (await t.signIn('community')).get(url)).statusCode).toBe(200);
      expect((await (await t.signIn('grid2')).get(`/api/v1/tickets/similar?category=clutter&compound=140681001001001&text=x1`)).statusCode).toBe(403);
      expect((await (await t.signIn('resident')).get(`/api/v1/tickets/similar?category=clutter&compound=${t.codes.community}002&text=x1`)).statusCode).toBe(403);
      expect((await t.anonymous.get(url)).statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });
});
