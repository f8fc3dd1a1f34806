import { describe, expect, it } from 'vitest';
import { greatCircleMetres, planCommunity, planCompounds, type PlanCompound, type PlanPlace } from './coverage.js';

const COMMUNITY = '140602001002';

/** A compound `k` of the test community at (lat, lng) with buildings holding `members` full members each. */
function compound(k: number, members: number[], at: [number, number] | null = null, buildingAt?: Array<[number, number] | null>): PlanCompound {
  const code = COMMUNITY + String(k).padStart(3, '0');
  const buildings: PlanPlace[] = members.map((n, i) => {
    const pos = buildingAt?.[i] ?? null;
    return { code: code + String(i + 1).padStart(3, '0'), lat: pos?.[0] ?? null, lng: pos?.[1] ?? null, fullMembers: n };
  });
  return { code, lat: at?.[0] ?? null, lng: at?.[1] ?? null, fullMembers: members.reduce((a, b) => a + b, 0), buildings };
}
const c = (k: number) => COMMUNITY + String(k).padStart(3, '0');
const b = (k: number, n: number) => c(k) + String(n).padStart(3, '0');

// About 110 m per 0.001 degree of latitude.
const north = (steps: number): [number, number] => [39.33 + steps * 0.001, 112.43];

describe('branches', () => {
  it('a compound with exactly 3 full members gets its own branch', () => {
    const plan = planCommunity([compound(1, [3])]);
    expect(plan).toEqual({
      branches: [{ kind: 'own', compounds: [c(1)], fullMembers: 3, groups: [{ kind: 'own', buildings: [b(1, 1)], fullMembers: 3 }] }],
      uncovered: [],
    });
  });

  it('compounds of 1 and 2 members form one joint branch', () => {
    const plan = planCommunity([compound(1, [1], north(0)), compound(2, [2], north(1))]);
    expect(plan.uncovered).toEqual([]);
    expect(plan.branches).toHaveLength(1);
    expect(plan.branches[0]).toMatchObject({ kind: 'joint', compounds: [c(1), c(2)], fullMembers: 3 });
  });

  it('an isolated small compound is uncovered, even beside an own branch', () => {
    const plan = planCommunity([compound(1, [5], north(0)), compound(2, [2], north(1))]);
    expect(plan.branches.map((x) => x.compounds)).toEqual([[c(1)]]);
    expect(plan.uncovered).toEqual([c(2)]);
  });

  it('a single small compound alone is uncovered, and so are small compounds totalling fewer than 3', () => {
    expect(planCommunity([compound(1, [2])])).toEqual({ branches: [], uncovered: [c(1)] });
    expect(planCommunity([compound(1, [1]), compound(2, [1]), compound(3, [0])]).uncovered).toEqual([c(1), c(2), c(3)]);
  });

  it('groups small compounds nearest first', () => {
    // 1 and 4 are close together, 2 and 3 close together, the pairs far apart.
    const plan = planCommunity([compound(1, [2], north(0)), compound(2, [2], north(50)), compound(3, [2], north(51)), compound(4, [2], north(1))]);
    expect(plan.branches.map((x) => x.compounds)).toEqual([[c(1), c(4)], [c(2), c(3)]]);
    expect(plan.branches.every((x) => x.kind === 'joint' && x.fullMembers === 4)).toBe(true);
  });

  it('a group grows by the place nearest to any of its members', () => {
    // 1 (1 member) at 0; 2 (1) at 10; 3 (1) at 12; 4 (1) at 3. From 1: nearest is 4 (3 away), then 2 is
    // 7 from 4 and 3 is 9 from 4, so 2 joins. 3 is left over and joins the nearest joint branch.
    const plan = planCommunity([compound(1, [1], north(0)), compound(2, [1], north(10)), compound(3, [1], north(12)), compound(4, [1], north(3))]);
    expect(plan.branches).toEqual([expect.objectContaining({ kind: 'joint', compounds: [c(1), c(2), c(3), c(4)], fullMembers: 4 })]);
    expect(plan.uncovered).toEqual([]);
  });

  it('a leftover small compound joins the nearest joint branch, never an own branch', () => {
    const plan = planCommunity([
      compound(1, [9], north(0)), // own, right beside the leftover
      compound(2, [2], north(20)),
      compound(3, [1], north(21)),
      compound(4, [2], north(40)),
      compound(5, [2], north(41)),
      compound(6, [1], north(1)), // leftover: nearest is the own branch 1, then the joint branch of 2 and 3
    ]);
    expect(plan.uncovered).toEqual([]);
    expect(plan.branches.map((x) => [x.kind, x.compounds, x.fullMembers])).toEqual([
      ['own', [c(1)], 9],
      ['joint', [c(2), c(3), c(6)], 4],
      ['joint', [c(4), c(5)], 4],
    ]);
  });

  it('compounds with no members are grouped like small ones', () => {
    const plan = planCommunity([compound(1, [2], north(0)), compound(2, [0], north(1)), compound(3, [1], north(2))]);
    expect(plan.branches.map((x) => x.compounds)).toEqual([[c(1), c(2), c(3)]]);
  });

  it('without coordinates, nearest is by code order', () => {
    const plan = planCommunity([compound(1, [2]), compound(2, [2]), compound(3, [2]), compound(4, [2])]);
    expect(plan.branches.map((x) => x.compounds)).toEqual([[c(1), c(2)], [c(3), c(4)]]);
  });

  it('places with coordinates are nearer to each other than places without', () => {
    // 1 and 3 have coordinates, 2 has none: 1 pairs with 3 although 2 is next in code order.
    const plan = planCommunity([compound(1, [2], north(0)), compound(2, [2]), compound(3, [2], north(90)), compound(4, [2])]);
    expect(plan.branches.map((x) => x.compounds)).toEqual([[c(1), c(3)], [c(2), c(4)]]);
  });

  it('branches never span communities; a wider plan concatenates the communities in code order', () => {
    const other = '140602001003';
    const far: PlanCompound = { code: other + '001', lat: null, lng: null, fullMembers: 1, buildings: [] };
    const plan = planCompounds([far, compound(1, [2])]);
    expect(plan.branches).toEqual([]);
    expect(plan.uncovered).toEqual([c(1), other + '001']);
    const both = planCompounds([compound(1, [4]), { ...far, fullMembers: 3 }]);
    expect(both.branches.map((x) => x.compounds)).toEqual([[c(1)], [other + '001']]);
  });
});

describe('groups inside a branch', () => {
  it('buildings with 3 or more get their own group; small ones are grouped nearest first', () => {
    const at: Array<[number, number]> = [north(0), north(1), north(9), north(2), north(10)];
    const plan = planCommunity([compound(1, [3, 1, 2, 2, 1], north(5), at)]);
    expect(plan.branches[0].groups).toEqual([
      { kind: 'own', buildings: [b(1, 1)], fullMembers: 3 },
      { kind: 'joint', buildings: [b(1, 2), b(1, 4)], fullMembers: 3 },
      { kind: 'joint', buildings: [b(1, 3), b(1, 5)], fullMembers: 3 },
    ]);
  });

  it('a leftover building joins the nearest group, which becomes joint', () => {
    const at: Array<[number, number]> = [north(0), north(10), north(1)];
    const plan = planCommunity([compound(1, [4, 3, 1], north(5), at)]);
    expect(plan.branches[0].groups).toEqual([
      { kind: 'joint', buildings: [b(1, 1), b(1, 3)], fullMembers: 5 },
      { kind: 'own', buildings: [b(1, 2)], fullMembers: 3 },
    ]);
  });

  it('buildings without coordinates take their compound’s, then code order', () => {
    // Compound at 30; buildings 1, 3 and 6 have no coordinates of their own, 2, 4 and 5 stand near 0.
    const at = [null, north(0), null, north(0.2), north(0.1), null];
    const plan = planCommunity([compound(1, [1, 1, 1, 1, 1, 1], north(30), at)]);
    expect(plan.branches[0].groups.map((g) => g.buildings)).toEqual([
      [b(1, 1), b(1, 3), b(1, 6)],
      [b(1, 2), b(1, 4), b(1, 5)],
    ]);
    const noCoords = planCommunity([compound(1, [1, 1, 1, 0, 2, 1])]);
    expect(noCoords.branches[0].groups.map((g) => g.buildings)).toEqual([
      [b(1, 1), b(1, 2), b(1, 3)],
      [b(1, 4), b(1, 5), b(1, 6)],
    ]);
  });

  it('a joint branch groups buildings across its compounds', () => {
    const plan = planCommunity([compound(1, [1], north(0)), compound(2, [2], north(1))]);
    expect(plan.branches[0].groups).toEqual([{ kind: 'joint', buildings: [b(1, 1), b(2, 1)], fullMembers: 3 }]);
  });

  it('members in buildings the tree does not list: the listed buildings form one group only if they hold a member', () => {
    const missing: PlanCompound = { code: c(1), lat: null, lng: null, fullMembers: 4, buildings: [{ code: b(1, 1), lat: null, lng: null, fullMembers: 1 }, { code: b(1, 2), lat: null, lng: null, fullMembers: 0 }] };
    expect(planCommunity([missing]).branches[0].groups).toEqual([{ kind: 'joint', buildings: [b(1, 1), b(1, 2)], fullMembers: 1 }]);
    const empty: PlanCompound = { ...missing, buildings: [{ code: b(1, 1), lat: null, lng: null, fullMembers: 0 }] };
    expect(planCommunity([empty]).branches[0].groups).toEqual([]);
  });
});

describe('distance', () => {
  it('is the great-circle distance', () => {
    // One degree of latitude is about 111.2 km.
    expect(greatCircleMetres({ lat: 39, lng: 112 }, { lat: 40, lng: 112 })).toBeCloseTo(111_195, -2);
    expect(greatCircleMetres({ lat: 39.3313, lng: 112.4329 }, { lat: 39.3313, lng: 112.4329 })).toBe(0);
  });

  it('plans a city-sized input quickly', () => {
    const compounds: PlanCompound[] = [];
    for (let com = 0; com < 200; com++) {
      for (let k = 1; k <= 8; k++) {
        const code = `140602${String(com).padStart(6, '0')}${String(k).padStart(3, '0')}`;
        const buildings = Array.from({ length: 6 }, (_, i) => ({ code: code + String(i + 1).padStart(3, '0'), lat: 39 + com * 0.01 + i * 0.0003, lng: 112 + k * 0.002, fullMembers: (com + k + i) % 4 }));
        compounds.push({ code, lat: 39 + com * 0.01, lng: 112 + k * 0.002, fullMembers: buildings.reduce((n, x) => n + x.fullMembers, 0), buildings });
      }
    }
    const started = performance.now();
    const plan = planCompounds(compounds);
    expect(performance.now() - started).toBeLessThan(1000);
    const covered = plan.branches.flatMap((x) => x.compounds).length + plan.uncovered.length;
    expect(covered).toBe(compounds.length);
  });
});
