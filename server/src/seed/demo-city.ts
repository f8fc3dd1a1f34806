/** The small demo city: Shuozhou's real counties, townships and communities; generated compounds and people below. */
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db.js';
import type { PersonalDataCipher } from '../platform/crypto.js';
import type { Role } from '../../../contracts/roles.js';
import { addGrid, addPlaces, countPlaces, type NewPlace } from '../modules/places/places.service.js';
import { addGridWorker } from '../modules/places/grid.service.js';
import { addPartyMembers, addResidents, type NewPartyMember, type NewResident } from '../modules/registry/registry.service.js';
import { createUserWithGrants } from '../modules/identity/identity.service.js';
import { appMeta } from '../platform/platform.schema.js';
import { seedHolidays, yearsAround } from '../modules/tickets/ticket-config.service.js';
import { seedTicketCategories } from '../modules/tickets/ticket-categories.service.js';
import { seedOwnerRolls } from '../modules/governance/owners.service.js';
import { seedDemoActivities } from './demo-activities.js';
import { birthDateForAge, idNumber, mobile, personName, prng, type Rng } from './people.js';
import { seedDemoDevices } from '../modules/property/property-seed.js';

export interface Divisions {
  source: string;
  city: { code: string; name: string };
  counties: Array<{ code: string; name: string; townships: Array<{ code: string; name: string; communities: Array<{ code: string; name: string; kind: string }> }> }>;
}

export function loadDivisions(): Divisions {
  return JSON.parse(readFileSync(new URL('../modules/places/data/shuozhou-divisions.json', import.meta.url), 'utf8')) as Divisions;
}

export const DEMO_PASSWORD = 'Linli@2026';

/** One demo account per role; `scope` names a node of the demo city. */
export const DEMO_ACCOUNTS: Array<{ username: string; displayName: string; role: Role; scope: (c: DemoCodes) => string }> = [
  { username: 'admin', displayName: '市级管理员', role: 'city_admin', scope: (c) => c.city },
  { username: 'county', displayName: '朔城区工作人员', role: 'county_staff', scope: (c) => c.county },
  { username: 'township', displayName: '北城街道工作人员', role: 'township_staff', scope: (c) => c.township },
  { username: 'community', displayName: '马邑路中心社区工作者', role: 'community_staff', scope: (c) => c.community },
  { username: 'secretary', displayName: '小区党支部书记', role: 'branch_secretary', scope: (c) => c.compound },
  { username: 'grid', displayName: '网格员', role: 'grid_worker', scope: (c) => c.gridA },
  { username: 'grid2', displayName: '网格员（第二网格）', role: 'grid_worker', scope: (c) => c.gridB },
  { username: 'building', displayName: '楼栋长', role: 'building_head', scope: (c) => c.building },
  { username: 'unit', displayName: '单元中心户', role: 'unit_head', scope: (c) => c.unit },
  { username: 'resident', displayName: '居民', role: 'resident', scope: (c) => c.household },
  { username: 'property', displayName: '物业工作人员', role: 'property_staff', scope: (c) => c.compound },
  { username: 'supervisor', displayName: '纪检监督员', role: 'supervisor', scope: (c) => c.city },
];

export interface DemoCodes {
  city: string;
  county: string;
  township: string;
  community: string;
  compound: string;
  building: string;
  unit: string;
  household: string;
  gridA: string;
  gridB: string;
}

const COMPOUND_NAMES = ['幸福新邻里小区', '金泰苑', '恒安新区', '鸿泰花园', '御景园', '朔风苑', '锦绣家园', '丽都花园'];
const TAGS = ['独居老人', '残疾', '退役军人', '低保'];
/** Where the two populated communities are, roughly (WGS-84). */
const CENTRES: Record<string, [number, number]> = { '140602': [39.3313, 112.4329], '140681': [39.8281, 113.1004] };

/** Seeds the demo city once; returns false if the database already has places. */
export async function seedDemoCity(db: Db, cipher: PersonalDataCipher, onProgress?: (done: number, total: number, what: string) => void): Promise<{ seeded: boolean; codes: DemoCodes }> {
  const div = loadDivisions();
  const codes = demoCodes(div);
  if ((await countPlaces(db)) > 0) return { seeded: false, codes };
  const rng = prng(20261122);
  const steps = 4;
  onProgress?.(0, steps, '行政区划');
  const tree: NewPlace[] = [{ code: div.city.code, name: div.city.name, level: 'city' }];
  const populated: string[] = [];
  for (const county of div.counties) {
    tree.push({ code: county.code, name: county.name, level: 'county' });
    for (const t of county.townships.slice(0, 2)) {
      tree.push({ code: t.code, name: t.name, level: 'township' });
      for (const c of t.communities.slice(0, 3)) tree.push({ code: c.code, name: c.name, level: 'community', kind: c.kind });
    }
    if (CENTRES[county.code]) populated.push(county.townships[0].communities[0].code);
  }
  await addPlaces(db, tree);
  onProgress?.(1, steps, '小区楼栋');
  const residents: NewResident[] = [];
  for (const [ci, community] of populated.entries()) {
    const [lat0, lng0] = CENTRES[community.slice(0, 6)];
    const below: NewPlace[] = [];
    const buildings: string[] = [];
    for (let k = 1; k <= 3; k++) {
      const compound = community + String(k).padStart(3, '0');
      const lat = round6(lat0 + (k - 2) * 0.004);
      const lng = round6(lng0 + (k - 2) * 0.005 + ci * 0.001);
      const d = 0.0012;
      below.push({
        code: compound,
        name: COMPOUND_NAMES[(ci * 3 + k - 1) % COMPOUND_NAMES.length],
        level: 'compound',
        lat,
        lng,
        outline: { type: 'Polygon', coordinates: [[[lng - d, lat - d], [lng + d, lat - d], [lng + d, lat + d], [lng - d, lat + d], [lng - d, lat - d]].map((p) => p.map(round6))] },
      });
      for (let b = 1; b <= 4; b++) {
        const building = compound + String(b).padStart(3, '0');
        buildings.push(building);
        below.push({ code: building, name: `${b}号楼`, level: 'building', lat: round6(lat + (b - 2.5) * 0.0004), lng });
        for (let u = 1; u <= 2; u++) {
          const unit = building + String(u).padStart(2, '0');
          below.push({ code: unit, name: `${u}单元`, level: 'unit' });
          for (let floor = 1; floor <= 3; floor++) {
            for (let room = 1; room <= 2; room++) {
              const household = unit + String(floor * 100 + room).padStart(4, '0');
              below.push({ code: household, name: `${floor}0${room}室`, level: 'household' });
              residents.push(...householdMembers(rng, household));
            }
          }
        }
      }
    }
    await addPlaces(db, below);
    // Two grids per community: the first compound and a half, then the rest.
    const half = Math.ceil(buildings.length / 2);
    await addGrid(db, { code: community + '001', name: '第一网格', communityCode: community }, buildings.slice(0, half));
    await addGrid(db, { code: community + '002', name: '第二网格', communityCode: community }, buildings.slice(half));
  }
  onProgress?.(2, steps, '居民');
  const inserted = await addResidents(db, cipher, residents);
  await addPartyMembers(db, partyMembersOf(rng, inserted));
  // The owners' roll of the demo compounds (owners' votes, art. 278).
  await seedOwnerRolls(db, populated.flatMap((c) => [1, 2, 3].map((k) => c + String(k).padStart(3, '0'))));
  onProgress?.(3, steps, '演示账户');
  await createDemoAccounts(db, codes, inserted.find((r) => r.householdCode === codes.household && r.relation === '本人')!);
  await seedHolidays(db, yearsAround());
  await seedTicketCategories(db);
  await seedDemoActivities(db, codes, cipher);
  // Smart-property devices and rules in the demo community's compounds (the live page's data).
  await seedDemoDevices(db, cipher, [1, 2, 3].map((k) => codes.community + String(k).padStart(3, '0')));
  await db
    .insert(appMeta)
    .values({ key: 'demo_seeded_at', value: sql`to_jsonb(now())` })
    .onConflictDoNothing();
  onProgress?.(4, steps, '完成');
  return { seeded: true, codes };
}

/** One account per role on the demo nodes; the resident account is `me`, a resident of codes.household. */
export async function createDemoAccounts(db: Db, codes: DemoCodes, me: { id: string; name: string }) {
  for (const a of DEMO_ACCOUNTS) {
    const user = await createUserWithGrants(db, {
      username: a.username,
      displayName: a.role === 'resident' ? me.name : a.displayName,
      password: DEMO_PASSWORD,
      residentId: a.role === 'resident' ? me.id : null,
      grants: [{ role: a.role, scopeCode: a.scope(codes) }],
    });
    if (a.role === 'grid_worker') await addGridWorker(db, a.scope(codes), user.id);
  }
}

/** The nodes the demo accounts are granted on. */
export function demoCodes(div: Divisions): DemoCodes {
  const county = div.counties.find((c) => c.code === '140602')!;
  const township = county.townships[0];
  const community = township.communities[0].code;
  const compound = community + '001';
  const building = compound + '001';
  const unit = building + '01';
  return {
    city: div.city.code,
    county: county.code,
    township: township.code,
    community,
    compound,
    building,
    unit,
    household: unit + '0101',
    gridA: community + '001',
    gridB: community + '002',
  };
}

const ELSEWHERE_ORGS = ['朔州市某单位党支部', '朔城区某学校党支部', '朔州市某企业党委', '怀仁市某机关党支部'];

/** Party members from the registry's political status: 中共党员 full, 中共预备党员 probationary; ~85% kept in the community. */
function partyMembersOf(rng: Rng, people: Array<{ id: string; householdCode: string; politicalStatus: string }>): NewPartyMember[] {
  const year = new Date().getUTCFullYear();
  return people
    .filter((r) => r.politicalStatus === '中共党员' || r.politicalStatus === '中共预备党员')
    .map((r): NewPartyMember => {
      const full = r.politicalStatus === '中共党员';
      const kept = rng.chance(0.85) ? 'community' : 'elsewhere';
      return {
        residentId: r.id,
        countyCode: r.householdCode.slice(0, 6),
        status: full ? 'full' : 'probationary',
        // Probationary members joined within the year; full members at least a year before.
        joinDate: `${full ? year - rng.int(2, 30) : year - 1 + rng.int(0, 1)}-${String(rng.int(1, 12)).padStart(2, '0')}-01`,
        membershipKept: kept,
        membershipOrg: kept === 'elsewhere' ? rng.pick(ELSEWHERE_ORGS) : null,
      };
    });
}

function householdMembers(rng: Rng, household: string): NewResident[] {
  const county = household.slice(0, 6);
  const out: NewResident[] = [];
  const size = rng.pick([1, 2, 2, 3, 3, 3, 4]);
  const headGender = rng.chance(0.55) ? '男' : '女';
  const headAge = size === 1 ? rng.int(62, 88) : rng.int(28, 70);
  const person = (gender: '男' | '女', age: number, relation: string, extra: Partial<NewResident> = {}): NewResident => {
    const birth = birthDateForAge(rng, age);
    return {
      householdCode: household,
      name: personName(rng, gender),
      gender,
      birthDate: birth.toISOString().slice(0, 10),
      idNumber: age >= 16 || rng.chance(0.8) ? idNumber(rng, county, birth, gender) : null,
      mobile: age >= 16 ? mobile(rng) : null,
      relation,
      residenceStatus: rng.chance(0.9) ? '常住' : rng.pick(['暂住', '空挂户']),
      politicalStatus: age >= 18 && rng.chance(0.12) ? (rng.chance(0.85) ? '中共党员' : '中共预备党员') : age < 28 && rng.chance(0.2) ? '共青团员' : '群众',
      tags: [],
      synthetic: true,
      ...extra,
    };
  };
  const head = person(headGender, headAge, '本人');
  if (size === 1 && headAge >= 65) head.tags = ['独居老人'];
  else if (rng.chance(0.06)) head.tags = [rng.pick(TAGS.slice(1))];
  out.push(head);
  if (size >= 2) out.push(person(headGender === '男' ? '女' : '男', Math.max(22, headAge + rng.int(-4, 3)), '配偶'));
  for (let i = 2; i < size; i++) {
    const g = rng.chance(0.5) ? '男' : '女';
    out.push(person(g, Math.max(1, headAge - rng.int(24, 32)), g === '男' ? '子' : '女'));
  }
  return out;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
