/**
 * The party-organisation coverage plan (党组织覆盖方案), as a pure function of places and member counts.
 *
 * Rules (issue 3, item 5, "就近就便"), counting only full members whose membership is kept in the community:
 * - A compound with 3 or more gets its own branch (独立党支部).
 * - Compounds with fewer are grouped with one another, nearest first, into joint branches (联合党支部)
 *   of at least 3. A leftover small compound joins the nearest joint branch; with none it is uncovered.
 *   A small compound is never folded into an own branch.
 * - Inside each branch, buildings likewise: 3 or more → own group (党小组); the rest grouped nearest
 *   first into joint groups (联合党小组) of at least 3; a leftover building joins the nearest group,
 *   own or joint, which then becomes joint.
 *
 * Interpretation choices (the issue leaves these open):
 * - The plan is per community: branches never span communities. A plan for a township, county or the
 *   city is the concatenation of its communities' plans, in code order.
 * - "Nearest" is the great-circle distance between WGS-84 coordinates. A building without coordinates
 *   takes its compound's. Where either side has no coordinates, distance is the difference of the two
 *   places' positions in code order, and any pair with coordinates is nearer than any pair without.
 *   Ties go to the lower code, so the plan is deterministic.
 * - Joint grouping is greedy: start from the lowest-coded remaining small place and add the remaining
 *   small place nearest to any place already in the group, until the group has 3 full members.
 *   Only the last group can fall short; each of its places then joins, on its own, the nearest group
 *   allowed to take it (for compounds: joint branches only; for buildings: any group), nearest meaning
 *   the group holding the nearest place.
 * - Places with 0 full members take part in grouping like any small place: they still need to be
 *   covered by an organisation, so a joint branch may take in a compound with no members at all.
 *   A community whose small compounds total fewer than 3 (and that has no joint branch for them to
 *   join) reports them uncovered, even if it has own branches.
 * - If a branch's buildings form no group at all (possible only when members live in buildings the
 *   place tree does not list), its listed buildings form one group when they hold at least one member
 *   (joint if it has several buildings), and no group otherwise.
 */

/** The threshold: a branch or group needs this many full members. */
export const MIN_FULL_MEMBERS = 3;

/** A place that can be planned: a compound or a building. */
export interface PlanPlace {
  code: string;
  lat: number | null;
  lng: number | null;
  /** Full members whose membership is kept in the community, living in this place. */
  fullMembers: number;
}

export interface PlanCompound extends PlanPlace {
  buildings: PlanPlace[];
}

export type PlanKind = 'own' | 'joint';

export interface PlannedGroup {
  kind: PlanKind;
  buildings: string[];
  fullMembers: number;
}

export interface PlannedBranch {
  kind: PlanKind;
  compounds: string[];
  fullMembers: number;
  groups: PlannedGroup[];
}

/** The plan, in the shape `linli coverage --json` prints. */
export interface CoveragePlan {
  branches: PlannedBranch[];
  uncovered: string[];
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine). */
export function greatCircleMetres(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

interface Located {
  code: string;
  lat: number | null;
  lng: number | null;
  fullMembers: number;
  /** Position in code order among the places being grouped. */
  rank: number;
}

/** How far apart two places are: [has-no-coordinates, distance, code-order distance]; compared in that order. */
type Farness = [number, number, number];

function farness(a: Located, b: Located): Farness {
  const byCode = Math.abs(a.rank - b.rank);
  if (a.lat != null && a.lng != null && b.lat != null && b.lng != null) return [0, greatCircleMetres({ lat: a.lat, lng: a.lng }, { lat: b.lat, lng: b.lng }), byCode];
  return [1, byCode, byCode];
}

const nearer = (x: Farness, y: Farness) => x[0] !== y[0] ? x[0] < y[0] : x[1] !== y[1] ? x[1] < y[1] : x[2] < y[2];

/** The farness from `p` to the nearest member of `members`. */
function farnessTo(p: Located, members: Located[]): Farness {
  let best: Farness = [2, Infinity, Infinity];
  for (const m of members) {
    const f = farness(p, m);
    if (nearer(f, best)) best = f;
  }
  return best;
}

interface Cluster {
  kind: PlanKind;
  members: Located[];
  fullMembers: number;
}

/**
 * Groups places by the rules above. `leftoverMayJoinOwn`: buildings (true) may join an own group,
 * compounds (false) may not. Returns the clusters in code order and the places nothing could take.
 */
function clusterPlaces(places: PlanPlace[], leftoverMayJoinOwn: boolean): { clusters: Cluster[]; uncovered: Located[] } {
  const sorted: Located[] = [...places].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)).map((p, rank) => ({ ...p, rank }));
  const clusters: Cluster[] = sorted.filter((p) => p.fullMembers >= MIN_FULL_MEMBERS).map((p) => ({ kind: 'own', members: [p], fullMembers: p.fullMembers }));
  const joints: Cluster[] = [];
  const remaining = sorted.filter((p) => p.fullMembers < MIN_FULL_MEMBERS);
  let leftover: Located[] = [];
  while (remaining.length) {
    const group = [remaining.shift()!];
    let total = group[0].fullMembers;
    while (total < MIN_FULL_MEMBERS && remaining.length) {
      // `remaining` is in code order and only a strictly nearer place replaces the best, so ties go to the lower code.
      let best = 0;
      let bestFar = farnessTo(remaining[0], group);
      for (let i = 1; i < remaining.length; i++) {
        const f = farnessTo(remaining[i], group);
        if (nearer(f, bestFar)) [best, bestFar] = [i, f];
      }
      const [next] = remaining.splice(best, 1);
      group.push(next);
      total += next.fullMembers;
    }
    if (total >= MIN_FULL_MEMBERS) joints.push({ kind: 'joint', members: group, fullMembers: total });
    else leftover = group;
  }
  clusters.push(...joints);
  const uncovered: Located[] = [];
  for (const p of leftover.sort((a, b) => a.rank - b.rank)) {
    const targets = leftoverMayJoinOwn ? clusters : joints;
    let target: Cluster | null = null;
    let targetFar: Farness = [2, Infinity, Infinity];
    // Targets are visited in the order of their lowest code, so ties go to the lower-coded group.
    for (const c of [...targets].sort((a, b) => minRank(a) - minRank(b))) {
      const f = farnessTo(p, c.members);
      if (nearer(f, targetFar)) [target, targetFar] = [c, f];
    }
    if (!target) {
      uncovered.push(p);
      continue;
    }
    target.members.push(p);
    target.fullMembers += p.fullMembers;
    target.kind = 'joint';
  }
  for (const c of clusters) c.members.sort((a, b) => a.rank - b.rank);
  clusters.sort((a, b) => minRank(a) - minRank(b));
  return { clusters, uncovered };
}

const minRank = (c: Cluster) => Math.min(...c.members.map((m) => m.rank));

/** The groups of one branch, over the buildings of its compounds (buildings without coordinates take their compound's). */
function planGroups(compounds: PlanCompound[]): PlannedGroup[] {
  const buildings: PlanPlace[] = compounds.flatMap((c) =>
    c.buildings.map((b) => (b.lat != null && b.lng != null ? b : { ...b, lat: c.lat, lng: c.lng })),
  );
  const { clusters, uncovered } = clusterPlaces(buildings, true);
  const groups: PlannedGroup[] = clusters.map((c) => ({ kind: c.kind, buildings: c.members.map((m) => m.code), fullMembers: c.fullMembers }));
  if (!groups.length) {
    const total = uncovered.reduce((n, b) => n + b.fullMembers, 0);
    if (total >= 1) groups.push({ kind: uncovered.length > 1 ? 'joint' : 'own', buildings: uncovered.map((b) => b.code), fullMembers: total });
  }
  return groups;
}

/** The plan of one community: its compounds (with their buildings) and their full members. */
export function planCommunity(compounds: PlanCompound[]): CoveragePlan {
  const byCode = new Map(compounds.map((c) => [c.code, c]));
  const { clusters, uncovered } = clusterPlaces(compounds, false);
  return {
    branches: clusters.map((c) => {
      const members = c.members.map((m) => byCode.get(m.code)!);
      return { kind: c.kind, compounds: members.map((m) => m.code), fullMembers: c.fullMembers, groups: planGroups(members) };
    }),
    uncovered: uncovered.map((u) => u.code),
  };
}

/** The plan of any number of communities: compounds are split by their community (first 12 digits) and the plans concatenated in code order. */
export function planCompounds(compounds: PlanCompound[]): CoveragePlan {
  const communities = new Map<string, PlanCompound[]>();
  for (const c of compounds) {
    const key = c.code.slice(0, 12);
    if (!communities.has(key)) communities.set(key, []);
    communities.get(key)!.push(c);
  }
  const plan: CoveragePlan = { branches: [], uncovered: [] };
  for (const key of [...communities.keys()].sort()) {
    const part = planCommunity(communities.get(key)!);
    plan.branches.push(...part.branches);
    plan.uncovered.push(...part.uncovered);
  }
  return plan;
}
