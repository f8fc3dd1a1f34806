import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, ENGINE, type Client, type TestContext } from '../../testing/harness.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
  await addFixtures();
});
afterAll(() => t?.close());

// Sign each account in once: sign-ins are rate limited and slow by design (argon2id).
const clients = new Map<string, Promise<Client>>();
const as = (who: string, password?: string) => {
  if (!clients.has(who)) clients.set(who, t.signIn(who, password));
  return clients.get(who)!;
};

/** Two empty communities of the demo city for hand-made fixtures. */
const F = '140602001002';
const ISOLATED = '140602001003';
type Member = 'full' | 'probationary' | 'elsewhere';

/**
 * A community's compounds: each building has one unit, one household per listed member plus one
 * household with no member. 'elsewhere' is a full member whose membership is kept elsewhere.
 */
async function addCommunity(community: string, compounds: Array<{ at: [number, number] | null; buildings: Member[][] }>) {
  const county = community.slice(0, 6);
  const place = (code: string, level: string, name: string, at: [number, number] | null = null) =>
    t.database.query('INSERT INTO places (code, parent_code, level, name, county_code, lat, lng) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      code,
      code.slice(0, { compound: 12, building: 15, unit: 18, household: 20 }[level]),
      level,
      name,
      county,
      at?.[0] ?? null,
      at?.[1] ?? null,
    ]);
  for (const [k, c] of compounds.entries()) {
    const compound = community + String(k + 1).padStart(3, '0');
    await place(compound, 'compound', `${community === F ? '北关' : '孤岛'}小区${k + 1}`, c.at);
    for (const [bi, members] of c.buildings.entries()) {
      const building = compound + String(bi + 1).padStart(3, '0');
      await place(building, 'building', `${bi + 1}号楼`);
      await place(building + '01', 'unit', '1单元');
      for (let h = 0; h <= members.length; h++) {
        const household = building + '01' + String(101 + h).padStart(4, '0');
        await place(household, 'household', `${101 + h}室`);
        const m = members[h];
        const [r] = await t.database.query<{ id: string }>(
          'INSERT INTO residents (household_code, county_code, name, gender, political_status) VALUES ($1, $2, $3, $4, $5) RETURNING id',
          [household, county, `住户${k + 1}${bi + 1}${h}`, '女', m ? (m === 'probationary' ? '中共预备党员' : '中共党员') : '群众'],
        );
        if (m) {
          await t.database.query('INSERT INTO party_members (resident_id, county_code, status, membership_kept, membership_org) VALUES ($1, $2, $3, $4, $5)', [
            r.id,
            county,
            m === 'probationary' ? 'probationary' : 'full',
            m === 'elsewhere' ? 'elsewhere' : 'community',
            m === 'elsewhere' ? '朔州市某单位党支部' : null,
          ]);
        }
      }
    }
  }
}

const north = (steps: number): [number, number] => [39.34 + steps * 0.001, 112.44];

async function addFixtures() {
  await addCommunity(F, [
    { at: north(0), buildings: [['full', 'full', 'full'], []] }, // exactly 3: own branch
    { at: north(1), buildings: [['full', 'full', 'probationary', 'elsewhere']] }, // 2 counted
    { at: north(2), buildings: [['full']] }, // 1: joins the 2 in a joint branch
  ]);
  await addCommunity(ISOLATED, [{ at: north(9), buildings: [['full', 'full', 'probationary']] }]);
}

const fc = (k: number) => F + String(k).padStart(3, '0');
const fb = (k: number, b: number) => fc(k) + String(b).padStart(3, '0');

const put = (c: Client, url: string, payload: object) => c.request({ method: 'PUT', url, payload });
const patch = (c: Client, url: string, payload: object) => c.request({ method: 'PATCH', url, payload });

interface Org {
  id: string;
  kind: string;
  name: string;
  parentId: string | null;
  placeCode: string;
  places: Array<{ code: string; name: string }>;
}
const orgHolding = (orgs: Org[], code: string) => orgs.find((o) => o.places.some((p) => p.code === code));

describe('linli coverage', () => {
  it('prints the plan as JSON in the issue’s shape, the same plan the API shows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linli-coverage-'));
    const env: Record<string, string> = { ...(process.env as Record<string, string>), LOG_LEVEL: 'warn', LINLI_DATA_DIR: dir };
    if (ENGINE === 'postgres') {
      // The CLI reads this test's own database, fixtures and all.
      const [{ name }] = await t.database.query<{ name: string }>('SELECT current_database() AS name');
      const u = new URL(process.env.DATABASE_URL!);
      u.pathname = `/${name}`;
      env.DATABASE_URL = u.toString();
    } else {
      // PGlite in memory cannot be shared: seed the same demo city into a data folder.
      delete env.DATABASE_URL;
      expect(spawnSync(process.execPath, ['bin/linli.js', 'seed'], { env, encoding: 'utf8' }).status).toBe(0);
    }
    try {
      const run = (...args: string[]) => spawnSync(process.execPath, ['bin/linli.js', 'coverage', ...args], { env, encoding: 'utf8', timeout: 60_000 });
      const r = run(t.codes.community, '--json');
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const plan = JSON.parse(r.stdout);
      expect(Object.keys(plan)).toEqual(['branches', 'uncovered']);
      expect(plan.branches.length).toBeGreaterThan(0);
      for (const b of plan.branches) {
        expect(Object.keys(b)).toEqual(['kind', 'compounds', 'fullMembers', 'groups']);
        expect(['own', 'joint']).toContain(b.kind);
        for (const g of b.groups) expect(Object.keys(g)).toEqual(['kind', 'buildings', 'fullMembers']);
      }
      const api = (await (await as('community')).get(`/api/v1/party/coverage/${t.codes.community}`)).json();
      expect(plan.branches).toEqual(api.branches.map(({ community: _, ...b }: { community: string }) => b));
      const text = run(t.codes.community);
      expect(text.status).toBe(0);
      expect(text.stdout).toContain('党组织覆盖方案 马邑路中心社区');
      expect(text.stdout).toContain('幸福新邻里小区');
      const unknown = run('999999999');
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toContain('999999999');
      for (const bad of [[], ['abc'], [t.codes.community, t.codes.county]]) {
        const u = run(...bad);
        expect({ bad, status: u.status }).toEqual({ bad, status: 2 });
        expect(u.stderr).toContain('usage: linli coverage');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('the plan', () => {
  it('on the demo community: an own branch per compound, counting full members kept in the community', async () => {
    const res = await (await as('community')).get(`/api/v1/party/coverage/${t.codes.community}`);
    expect(res.statusCode).toBe(200);
    const plan = res.json();
    expect(plan.place).toEqual({ code: t.codes.community, name: '马邑路中心社区', level: 'community' });
    expect(plan.communities).toEqual([{ code: t.codes.community, name: '马邑路中心社区', adoption: 'none' }]);
    const counts = await t.database.query<{ compound: string; n: number }>(
      `SELECT left(r.household_code, 15) AS compound, count(*)::int AS n FROM party_members pm JOIN residents r ON r.id = pm.resident_id
       WHERE pm.status = 'full' AND pm.membership_kept = 'community' AND r.household_code LIKE $1 || '%' GROUP BY 1 ORDER BY 1`,
      [t.codes.community],
    );
    const byCompound = new Map(plan.places.filter((p: { level: string }) => p.level === 'compound').map((p: { code: string; fullMembers: number }) => [p.code, p.fullMembers]));
    for (const c of counts) expect(byCompound.get(c.compound)).toBe(c.n);
    for (const b of plan.branches) {
      expect(b.community).toBe(t.codes.community);
      expect(b.groups.reduce((n: number, g: { fullMembers: number }) => n + g.fullMembers, 0)).toBe(b.fullMembers);
    }
    expect(plan.places.find((p: { code: string }) => p.code === t.codes.compound).name).toBe('幸福新邻里小区');
  });

  it('hand-made fixtures: exactly 3 → own; 1 and 2 → one joint branch; probationary and elsewhere not counted', async () => {
    const plan = (await (await as('admin')).get(`/api/v1/party/coverage/${F}`)).json();
    expect(plan.branches).toEqual([
      { community: F, kind: 'own', compounds: [fc(1)], fullMembers: 3, groups: [{ kind: 'joint', buildings: [fb(1, 1), fb(1, 2)], fullMembers: 3 }] },
      { community: F, kind: 'joint', compounds: [fc(2), fc(3)], fullMembers: 3, groups: [{ kind: 'joint', buildings: [fb(2, 1), fb(3, 1)], fullMembers: 3 }] },
    ]);
    expect(plan.uncovered).toEqual([]);
    expect(plan.places.find((p: { code: string }) => p.code === fc(2)).fullMembers).toBe(2);
  });

  it('an isolated small compound is reported uncovered', async () => {
    const plan = (await (await as('admin')).get(`/api/v1/party/coverage/${ISOLATED}`)).json();
    expect(plan.branches).toEqual([]);
    expect(plan.uncovered).toEqual([ISOLATED + '001']);
  });

  it('a township’s plan is its communities’ plans one after another', async () => {
    const plan = (await (await as('township')).get(`/api/v1/party/coverage/${t.codes.township}`)).json();
    expect(plan.communities.map((c: { code: string }) => c.code)).toEqual(expect.arrayContaining([t.codes.community, F, ISOLATED]));
    expect(plan.branches.map((b: { community: string }) => b.community)).toEqual([...plan.branches.map((b: { community: string }) => b.community)].sort());
    expect(plan.uncovered).toEqual([ISOLATED + '001']);
  });

  it('a branch secretary sees her compound’s branch only', async () => {
    const plan = (await (await as('secretary')).get(`/api/v1/party/coverage/${t.codes.compound}`)).json();
    expect(plan.branches).toHaveLength(1);
    expect(plan.branches[0].compounds).toEqual([t.codes.compound]);
    expect(plan.places.every((p: { code: string }) => p.code.startsWith(t.codes.compound))).toBe(true);
  });

  it('answers 404 for an unknown place and 400 for a unit', async () => {
    const c = await as('admin');
    expect((await c.get('/api/v1/party/coverage/140602001999')).statusCode).toBe(404);
    const unit = await c.get(`/api/v1/party/coverage/${t.codes.unit}`);
    expect(unit.statusCode).toBe(400);
    expect(unit.json().fields[0].field).toBe('params.code');
  });
});

describe('adoption and the report', () => {
  it('creates the committees, branches and groups once; the report changes; adopting again changes nothing', async () => {
    const c = await as('community');
    const before = (await c.get(`/api/v1/party/coverage/${t.codes.community}/report`)).json();
    expect(before.total).toMatchObject({ compounds: 3, compoundsWithBranch: 0, compoundShare: 0, buildings: 12, buildingsWithGroup: 0, units: 24, unitsWithCentreHousehold: 0 });
    expect(before.total.members).toBeGreaterThan(0);
    expect(before.total.membersInNoOrg).toBe(before.total.members);
    expect(before.children.map((x: { code: string }) => x.code)).toEqual([t.codes.community + '001', t.codes.community + '002', t.codes.community + '003']);

    const res = await c.post(`/api/v1/party/coverage/${t.codes.community}/adopt`, {});
    expect(res.statusCode).toBe(200);
    const plan = (await c.get(`/api/v1/party/coverage/${t.codes.community}`)).json();
    const groups = plan.branches.reduce((n: number, b: { groups: unknown[] }) => n + b.groups.length, 0);
    expect(res.json()).toEqual({
      committeesCreated: 2,
      communities: [{ code: t.codes.community, name: '马邑路中心社区', outcome: 'created', branches: plan.branches.length, groups, uncovered: [] }],
    });
    expect(plan.communities[0].adoption).toBe('matches');

    const after = (await c.get(`/api/v1/party/coverage/${t.codes.community}/report`)).json();
    expect(after.total).toMatchObject({ compoundsWithBranch: 3, compoundShare: 1, buildingsWithGroup: 12, buildingShare: 1, membersInNoOrg: 0, membersWithoutGroup: 0 });
    expect(after.total.members).toBe(before.total.members);

    const orgs: Org[] = (await c.get(`/api/v1/party/places/${t.codes.community}/orgs`)).json();
    const working = orgs.find((o) => o.kind === 'working_committee')!;
    const committee = orgs.find((o) => o.kind === 'community_committee')!;
    expect(working).toMatchObject({ name: '北城街道党工委', placeCode: t.codes.township, parentId: null });
    expect(committee).toMatchObject({ name: '马邑路中心社区大党委', parentId: working.id });
    const branch = orgHolding(orgs, t.codes.compound)!;
    expect(branch).toMatchObject({ kind: 'branch', name: '幸福新邻里小区党支部', parentId: committee.id, placeCode: t.codes.compound });
    expect(orgs.filter((o) => o.parentId === branch.id).length).toBe(plan.branches[0].groups.length);

    const count = async () => (await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM party_orgs'))[0].n;
    const n = await count();
    const again = await c.post(`/api/v1/party/coverage/${t.codes.community}/adopt`, {});
    expect(again.json()).toMatchObject({ committeesCreated: 0, communities: [{ outcome: 'unchanged' }] });
    expect(await count()).toBe(n);
    const audit = await t.database.query<{ detail: { communities: Array<{ outcome: string }> } }>("SELECT detail FROM audit_log WHERE action = 'party.adopt' AND target_id = $1 ORDER BY at", [t.codes.community]);
    expect(audit.map((a) => a.detail.communities[0].outcome)).toEqual(['created', 'unchanged']);
  });

  it('a second community of the township reuses the township’s working committee', async () => {
    const res = await (await as('township')).post(`/api/v1/party/coverage/${ISOLATED}/adopt`, {});
    expect(res.json()).toEqual({ committeesCreated: 1, communities: [expect.objectContaining({ outcome: 'created', branches: 0, uncovered: [ISOLATED + '001'] })] });
    const [{ n }] = await t.database.query<{ n: number }>("SELECT count(*)::int AS n FROM party_orgs WHERE kind = 'working_committee'");
    expect(n).toBe(1);
  });
});

describe('hand edits', () => {
  let admin: Client;
  const orgsOfF = async (): Promise<Org[]> => (await admin.get(`/api/v1/party/places/${F}/orgs`)).json();
  const move = (code: string, to: string) => admin.post(`/api/v1/party/places/${code}/move`, { to });

  beforeAll(async () => {
    admin = await as('admin');
    expect((await admin.post(`/api/v1/party/coverage/${F}/adopt`, {})).json().communities[0].outcome).toBe('created');
  });

  it('adopted the fixture plan with generated names', async () => {
    const orgs = await orgsOfF();
    expect(orgHolding(orgs, fc(1))).toMatchObject({ kind: 'branch', name: '北关小区1党支部' });
    expect(orgHolding(orgs, fc(2))).toMatchObject({ kind: 'joint_branch', name: '北关小区2等2个小区联合党支部', placeCode: fc(2) });
    expect(orgHolding(orgs, fb(1, 1))).toMatchObject({ kind: 'joint_group', name: '北关小区11号楼等2栋楼联合党小组' });
  });

  it('moves a compound out into a branch of its own and back; its buildings follow', async () => {
    const joint = orgHolding(await orgsOfF(), fc(2))!;
    const out = await move(fc(3), 'new');
    expect(out.statusCode).toBe(200);
    let orgs: Org[] = out.json();
    const own3 = orgHolding(orgs, fc(3))!;
    expect(own3).toMatchObject({ kind: 'branch', name: '北关小区3党支部' });
    // The joint branch keeps its id, becomes an own branch and takes the generated name of its new shape.
    expect(orgHolding(orgs, fc(2))).toMatchObject({ id: joint.id, kind: 'branch', name: '北关小区2党支部' });
    expect(orgHolding(orgs, fb(3, 1))).toMatchObject({ kind: 'group', parentId: own3.id });
    expect(orgHolding(orgs, fb(2, 1))).toMatchObject({ kind: 'group', parentId: joint.id });
    expect((await admin.get(`/api/v1/party/coverage/${F}`)).json().communities[0].adoption).toBe('differs');

    orgs = (await move(fc(3), joint.id)).json();
    expect(orgs.find((o) => o.id === own3.id)).toBeUndefined();
    expect(orgHolding(orgs, fc(3))).toMatchObject({ id: joint.id, kind: 'joint_branch', name: '北关小区2等2个小区联合党支部' });
    const group3 = orgHolding(orgs, fb(3, 1))!;
    expect(group3.parentId).toBe(joint.id);

    // Building 3/1 joins building 2/1's group; its own group, left empty, goes.
    const group2 = orgHolding(orgs, fb(2, 1))!;
    orgs = (await move(fb(3, 1), group2.id)).json();
    expect(orgs.find((o) => o.id === group3.id)).toBeUndefined();
    expect(orgHolding(orgs, fb(3, 1))).toMatchObject({ id: group2.id, kind: 'joint_group' });
    expect((await admin.get(`/api/v1/party/coverage/${F}`)).json().communities[0].adoption).toBe('matches');
    const audit = await t.database.query("SELECT 1 FROM audit_log WHERE action IN ('party.org.move_compound', 'party.org.move_building')");
    expect(audit.length).toBe(3);
  });

  it('refuses moves across branches and communities', async () => {
    const orgs = await orgsOfF();
    const groupOf1 = orgHolding(orgs, fb(1, 1))!;
    const wrongBranch = await move(fb(2, 1), groupOf1.id);
    expect(wrongBranch.statusCode).toBe(400);
    expect(wrongBranch.json().fields[0].field).toBe('to');
    const demoBranch = (await admin.get(`/api/v1/party/places/${t.codes.compound}/orgs`)).json().find((o: Org) => o.kind === 'branch');
    expect((await move(fc(1), demoBranch.id)).statusCode).toBe(400);
    expect((await move(F, 'new')).statusCode).toBe(400);
    expect((await move(ISOLATED + '001001', 'new')).statusCode).toBe(409);
  });

  it('re-adopting after a change is refused with 409 unless replace is asked for', async () => {
    expect((await move(fb(1, 2), 'new')).statusCode).toBe(200);
    const refused = await admin.post(`/api/v1/party/coverage/${F}/adopt`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'replace' }] });
    const replaced = await admin.post(`/api/v1/party/coverage/${F}/adopt`, { replace: true });
    expect(replaced.json().communities[0]).toMatchObject({ outcome: 'replaced', branches: 2, groups: 2 });
    expect((await admin.get(`/api/v1/party/coverage/${F}`)).json().communities[0].adoption).toBe('matches');
  });

  it('renames an org; a chosen name survives later moves; an uncovered compound shows in the report', async () => {
    const joint = orgHolding(await orgsOfF(), fc(2))!;
    const renamed = await patch(admin, `/api/v1/party/orgs/${joint.id}`, { name: ' 北关联合党支部 ' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().name).toBe('北关联合党支部');
    const orgs: Org[] = (await move(fc(3), 'none')).json();
    expect(orgHolding(orgs, fc(2))).toMatchObject({ name: '北关联合党支部', kind: 'branch' });
    expect(orgHolding(orgs, fc(3))).toBeUndefined();
    expect(orgHolding(orgs, fb(3, 1))).toBeUndefined();
    const report = (await admin.get(`/api/v1/party/coverage/${F}/report`)).json();
    expect(report.total).toMatchObject({ compounds: 3, compoundsWithBranch: 2, compoundShare: 0.6667, buildings: 4, buildingsWithGroup: 3 });
    // Members kept in the community, probationary included: 3 + 3 + 1; the one in compound 3 is in no org.
    expect(report.total).toMatchObject({ members: 7, membersInNoOrg: 1, membersWithoutGroup: 1 });
    expect((await patch(admin, `/api/v1/party/orgs/${joint.id}`, { name: '' })).statusCode).toBe(400);
    expect((await patch(admin, '/api/v1/party/orgs/00000000-0000-4000-8000-000000000009', { name: '某党支部' })).statusCode).toBe(404);
    const [a] = await t.database.query<{ detail: { to: string } }>("SELECT detail FROM audit_log WHERE action = 'party.org.rename' AND target_id = $1", [joint.id]);
    expect(a.detail.to).toBe('北关联合党支部');
  });
});

describe('unit centre households', () => {
  it('suggests party-member households first; the branch secretary appoints one; the report counts it', async () => {
    const sec = await as('secretary');
    const res = await sec.get(`/api/v1/party/places/${t.codes.compound}/centre-households`);
    expect(res.statusCode).toBe(200);
    const units = res.json();
    expect(units).toHaveLength(8);
    for (const u of units) {
      expect(u.suggested).toBe(u.candidates[0].householdCode);
      const members = u.candidates.map((c: { partyMembers: number }) => c.partyMembers);
      expect(members).toEqual([...members].sort((a, b) => b - a));
    }
    const unit = units.find((u: { candidates: Array<{ partyMembers: number }> }) => u.candidates[0].partyMembers > 0);
    const appointed = await put(sec, `/api/v1/party/units/${unit.unitCode}/centre-household`, { householdCode: unit.suggested });
    expect(appointed.statusCode).toBe(200);
    expect(appointed.json()).toMatchObject({ unitCode: unit.unitCode, householdCode: unit.suggested });
    // The contact is a party member of the household.
    const [pm] = await t.database.query('SELECT 1 FROM party_members WHERE resident_id = $1', [appointed.json().residentId]);
    expect(pm).toBeDefined();
    const listed = (await sec.get(`/api/v1/party/places/${unit.unitCode}/centre-households`)).json();
    expect(listed[0].appointed).toMatchObject({ householdCode: unit.suggested });
    const report = (await sec.get(`/api/v1/party/coverage/${t.codes.compound}/report`)).json();
    expect(report.total).toMatchObject({ units: 8, unitsWithCentreHousehold: 1, unitShare: 0.125 });
    const audit = await t.database.query("SELECT 1 FROM audit_log WHERE action = 'party.centre_household.appoint' AND target_id = $1", [unit.unitCode]);
    expect(audit.length).toBe(1);
  });

  it('refuses a household of another unit and a stranger as contact; withdraws', async () => {
    const c = await as('community');
    const other = await put(c, `/api/v1/party/units/${t.codes.unit}/centre-household`, { householdCode: t.codes.building + '020101' });
    expect(other.statusCode).toBe(400);
    expect(other.json().fields[0].field).toBe('householdCode');
    const [stranger] = await t.database.query<{ id: string }>('SELECT id FROM residents WHERE household_code <> $1 LIMIT 1', [t.codes.household]);
    const bad = await put(c, `/api/v1/party/units/${t.codes.unit}/centre-household`, { householdCode: t.codes.household, residentId: stranger.id });
    expect(bad.json().fields[0].field).toBe('residentId');
    expect((await put(c, `/api/v1/party/units/${t.codes.unit}/centre-household`, { householdCode: t.codes.household })).statusCode).toBe(200);
    expect((await c.del(`/api/v1/party/units/${t.codes.unit}/centre-household`)).statusCode).toBe(200);
    expect((await c.del(`/api/v1/party/units/${t.codes.unit}/centre-household`)).statusCode).toBe(404);
  });
});

describe('who may', () => {
  const READERS = ['community', 'township', 'county', 'admin', 'supervisor'];
  const STAFF = ['community', 'township', 'county', 'admin'];
  const OUTSIDERS = ['resident', 'grid', 'property', 'unit', 'building', 'other.staff'];

  beforeAll(async () => {
    const admin = await as('admin');
    const u = (await admin.post('/api/v1/users', { username: 'other.staff', displayName: '北关社区工作者', password: 'a-long-password' })).json();
    await admin.post(`/api/v1/users/${u.id}/grants`, { role: 'community_staff', scopeKind: 'place', scopeCode: F });
  });

  const client = (who: string) => (who === 'other.staff' ? as(who, 'a-long-password') : as(who));

  /** Each route, called in a way that changes nothing for those allowed (adoption is unchanged, moves are to where the place is). */
  const routes: Array<{ name: string; allowed: string[]; call: (c: Client) => Promise<{ statusCode: number }> }> = [
    { name: 'plan of the community', allowed: READERS, call: (c) => c.get(`/api/v1/party/coverage/${t.codes.community}`) },
    { name: 'plan of a compound', allowed: [...READERS, 'secretary'], call: (c) => c.get(`/api/v1/party/coverage/${t.codes.compound}`) },
    { name: 'report', allowed: READERS, call: (c) => c.get(`/api/v1/party/coverage/${t.codes.community}/report`) },
    { name: 'report of a compound', allowed: [...READERS, 'secretary'], call: (c) => c.get(`/api/v1/party/coverage/${t.codes.compound}/report`) },
    { name: 'adopt', allowed: STAFF, call: (c) => c.post(`/api/v1/party/coverage/${t.codes.community}/adopt`, {}) },
    { name: 'orgs', allowed: [...READERS, 'secretary'], call: (c) => c.get(`/api/v1/party/places/${t.codes.compound}/orgs`) },
    {
      name: 'move',
      allowed: STAFF,
      call: async (c) => {
        const branch = (await t.database.query<{ org_id: string }>('SELECT org_id FROM party_org_places WHERE place_code = $1', [t.codes.compound]))[0];
        return c.post(`/api/v1/party/places/${t.codes.compound}/move`, { to: branch.org_id });
      },
    },
    {
      name: 'rename',
      allowed: STAFF,
      call: async (c) => {
        const [o] = await t.database.query<{ id: string; name: string }>("SELECT id, name FROM party_orgs WHERE place_code = $1 AND kind = 'branch'", [t.codes.compound]);
        return c.request({ method: 'PATCH', url: `/api/v1/party/orgs/${o.id}`, payload: { name: o.name } });
      },
    },
    { name: 'centre households', allowed: [...READERS, 'secretary'], call: (c) => c.get(`/api/v1/party/places/${t.codes.compound}/centre-households`) },
    {
      name: 'appoint',
      allowed: [...STAFF, 'secretary'],
      call: (c) => c.request({ method: 'PUT', url: `/api/v1/party/units/${t.codes.unit}/centre-household`, payload: { householdCode: t.codes.household } }),
    },
    { name: 'withdraw', allowed: [...STAFF, 'secretary'], call: (c) => c.del(`/api/v1/party/units/${t.codes.unit}/centre-household`) },
  ];

  it.each(routes.map((r) => [r.name, r] as const))('%s', async (_name, route) => {
    const everyone = [...new Set([...READERS, 'secretary', ...OUTSIDERS])];
    for (const who of everyone) {
      const res = await route.call(await client(who));
      if (route.allowed.includes(who)) expect({ who, status: res.statusCode }).not.toEqual({ who, status: 403 });
      else expect({ who, status: res.statusCode }).toEqual({ who, status: 403 });
      expect(res.statusCode).toBeLessThan(500);
    }
  });

  it('a branch secretary appoints only in her compound; staff of another community are refused', async () => {
    const sec = await as('secretary');
    const elsewhere = t.codes.community + '002001';
    expect((await put(sec, `/api/v1/party/units/${elsewhere}01/centre-household`, { householdCode: `${elsewhere}010101` })).statusCode).toBe(403);
    expect((await sec.get(`/api/v1/party/coverage/${t.codes.community}002`)).statusCode).toBe(403);
    const other = await client('other.staff');
    expect((await other.get(`/api/v1/party/coverage/${F}`)).statusCode).toBe(200);
    expect((await other.post(`/api/v1/party/coverage/${t.codes.community}/adopt`, {})).statusCode).toBe(403);
  });
});
