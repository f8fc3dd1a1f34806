import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/harness.js';
import { seedGovernanceDemo } from './governance-demo.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
  await seedGovernanceDemo(t.database.db, t.codes);
});
afterAll(() => t?.close());

describe('the demo’s self-governance', () => {
  it('has a proposal one support short, a passed owners’ vote published, the convention put to the vote and an open notice', async () => {
    const resident = await t.signIn('resident');
    const [p] = (await resident.get('/api/v1/proposals')).json();
    expect(p).toMatchObject({ title: '小区东门加装电动车充电桩', supportCount: 4, threshold: 5, status: 'collecting', supported: false });
    const posts = (await t.anonymous.get(`/api/v1/disclosures?community=${t.codes.community}`)).json();
    expect(posts.find((x: { vote: unknown }) => x.vote).vote).toMatchObject({ passed: true, quorumMet: true });
    expect((await resident.get('/api/v1/conventions')).json()[0]).toMatchObject({ status: 'voting', version: 1 });
    expect((await resident.get('/api/v1/votes')).json().find((v: { title: string }) => v.title.includes('居民公约'))).toMatchObject({ status: 'open', mine: { eligible: true, voted: false } });
    expect((await t.anonymous.get('/api/v1/notices')).json()[0]).toMatchObject({ state: 'open' });
    expect((await (await t.signIn('community')).get(`/api/v1/meetings?community=${t.codes.community}`)).json()[0].status).toBe('held');
  });
});
