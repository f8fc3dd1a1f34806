/**
 * The Shuozhou-size city for scale tests and benchmarks: every real county, township and
 * community/village of 朔州市; generated compounds, buildings, units, households and about 1.6
 * million synthetic residents (ID numbers valid in form, marked synthetic) with their party members.
 */
import type { Db } from '../platform/db.js';
import type { PersonalDataCipher } from '../platform/crypto.js';
import { addGrid, addPlaces, countPlaces, type NewPlace } from '../modules/places/places.service.js';
import { addPartyMembers, addResidents, type NewPartyMember, type NewResident } from '../modules/registry/registry.service.js';
import { birthDateForAge, mobile, personName, prng, type Rng } from './people.js';
import { idCheckDigit } from '../../../contracts/validation.js';
import { createDemoAccounts, demoCodes, loadDivisions } from './demo-city.js';
import { findResidentsOfHousehold } from '../modules/registry/registry.service.js';

export interface CityScaleOptions {
  /** Multiplies the households per building; 1 gives the full city (~500,000 households). */
  factor?: number;
  /** Only the first n communities of each township (tests). */
  communitiesPerTownship?: number;
  onProgress?: (done: number, total: number, what: string) => void;
}

const URBAN_COMPOUNDS_PER_COMMUNITY = 7;
const URBAN_BUILDINGS = 8;
const URBAN_UNITS = 2;
const URBAN_HOUSEHOLDS_PER_UNIT = 18;
/** A village is one compound (its 居民点) whose "buildings" are rows of courtyard houses (排). */
const VILLAGE_ROWS = 12;
const VILLAGE_HOUSEHOLDS_PER_ROW = 20;
const COMPOUND_WORDS = ['花园', '家园', '新村', '小区', '苑', '华府', '名都', '佳园', '雅居', '新城'];
const COMPOUND_HEADS = ['幸福', '和谐', '阳光', '锦绣', '金泰', '恒安', '鸿泰', '御景', '朔风', '新兴', '民福', '康宁', '安居', '富民', '春华', '秋实'];

/** Unique, valid-looking ID numbers: a counter per (county, birth date) gives distinct sequence numbers. */
function idMaker() {
  const used = new Map<string, number>();
  return (county: string, birth: Date, gender: '男' | '女') => {
    const ymd = birth.toISOString().slice(0, 10).replaceAll('-', '');
    const key = county + ymd;
    const n = used.get(key) ?? 0;
    used.set(key, n + 1);
    // Sequence 000-999 with the gender digit last: n picks among the 500 of the right parity.
    const seq = ((n % 500) * 2 + (gender === '男' ? 1 : 0)) % 1000;
    const first17 = key + String(seq).padStart(3, '0');
    return first17 + idCheckDigit(first17);
  };
}

/** Seeds the city into an empty database; returns the counts. */
export async function seedCityScale(db: Db, cipher: PersonalDataCipher, opts: CityScaleOptions = {}) {
  if ((await countPlaces(db)) > 0) throw new Error('the database already has places: the city-scale seed needs an empty database');
  const factor = opts.factor ?? 1;
  const rng = prng(16_000_000);
  const makeId = idMaker();
  const div = loadDivisions();
  const divisions: NewPlace[] = [{ code: div.city.code, name: div.city.name, level: 'city' }];
  const communities: Array<{ code: string; name: string; kind: string }> = [];
  for (const county of div.counties) {
    divisions.push({ code: county.code, name: county.name, level: 'county' });
    for (const t of county.townships) {
      divisions.push({ code: t.code, name: t.name, level: 'township' });
      for (const c of t.communities.slice(0, opts.communitiesPerTownship ?? Infinity)) {
        divisions.push({ code: c.code, name: c.name, level: 'community', kind: c.kind });
        communities.push(c);
      }
    }
  }
  await addPlaces(db, divisions);
  const counts = { communities: communities.length, villages: 0, compounds: 0, buildings: 0, households: 0, residents: 0, partyMembers: 0 };
  const total = communities.length;
  for (const [i, community] of communities.entries()) {
    const village = community.kind === '村';
    if (village) counts.villages++;
    const [lat0, lng0] = [39.33 + rng.next() * 0.9 - 0.1, 112.2 + rng.next() * 1.0];
    const places: NewPlace[] = [];
    const people: NewResident[] = [];
    const buildingsOfCommunity: string[] = [];
    const compounds = village ? 1 : URBAN_COMPOUNDS_PER_COMMUNITY;
    for (let k = 1; k <= compounds; k++) {
      const compound = community.code + String(k).padStart(3, '0');
      const lat = round6(lat0 + rng.next() * 0.02);
      const lng = round6(lng0 + rng.next() * 0.02);
      places.push({ code: compound, name: village ? `${community.name}居民点` : rng.pick(COMPOUND_HEADS) + rng.pick(COMPOUND_WORDS), level: 'compound', lat, lng });
      counts.compounds++;
      const buildings = village ? VILLAGE_ROWS : URBAN_BUILDINGS;
      for (let b = 1; b <= buildings; b++) {
        const building = compound + String(b).padStart(3, '0');
        places.push({ code: building, name: village ? `第${b}排` : `${b}号楼`, level: 'building', lat: round6(lat + b * 0.0003), lng });
        buildingsOfCommunity.push(building);
        counts.buildings++;
        const units = village ? 1 : URBAN_UNITS;
        for (let u = 1; u <= units; u++) {
          const unit = building + String(u).padStart(2, '0');
          places.push({ code: unit, name: village ? '院落' : `${u}单元`, level: 'unit' });
          const per = Math.max(1, Math.round((village ? VILLAGE_HOUSEHOLDS_PER_ROW : URBAN_HOUSEHOLDS_PER_UNIT) * factor));
          for (let h = 1; h <= per; h++) {
            const household = unit + String(h).padStart(4, '0');
            places.push({ code: household, name: village ? `${h}号院` : `${Math.ceil(h / 2)}0${((h - 1) % 2) + 1}室`, level: 'household' });
            counts.households++;
            people.push(...household_(rng, household, makeId));
          }
        }
      }
    }
    await addPlaces(db, places);
    // One grid per compound (a village is one grid).
    const byCompound = new Map<string, string[]>();
    for (const b of buildingsOfCommunity) byCompound.set(b.slice(0, 15), [...(byCompound.get(b.slice(0, 15)) ?? []), b]);
    let g = 0;
    for (const [, bs] of byCompound) {
      g++;
      await addGrid(db, { code: community.code + String(g).padStart(3, '0'), name: `第${g}网格`, communityCode: community.code }, bs);
    }
    const inserted = await addResidents(db, cipher, people);
    counts.residents += inserted.length;
    const members: NewPartyMember[] = inserted
      .filter((r) => r.politicalStatus === '中共党员' || r.politicalStatus === '中共预备党员')
      .map((r) => {
        const kept = rng.chance(0.85) ? 'community' : 'elsewhere';
        return {
          residentId: r.id,
          countyCode: r.countyCode,
          status: r.politicalStatus === '中共党员' ? 'full' : 'probationary',
          membershipKept: kept,
          membershipOrg: kept === 'elsewhere' ? '朔州市某单位党支部' : null,
        };
      });
    await addPartyMembers(db, members);
    counts.partyMembers += members.length;
    opts.onProgress?.(i + 1, total, `${community.name} (${counts.residents.toLocaleString('en')} 居民)`);
  }
  if (!opts.communitiesPerTownship) await createCityAccounts(db);
  return counts;
}

/** The demo accounts, on the same nodes as in the small demo city (households here are numbered 0001…). */
async function createCityAccounts(db: Db) {
  const codes = { ...demoCodes(loadDivisions()) };
  codes.household = codes.unit + '0001';
  const [me] = await findResidentsOfHousehold(db, codes.household);
  await createDemoAccounts(db, codes, me);
}

function household_(rng: Rng, household: string, makeId: ReturnType<typeof idMaker>): NewResident[] {
  const county = household.slice(0, 6);
  const size = rng.pick([1, 2, 2, 3, 3, 3, 4, 4, 5, 5]);
  const headGender = rng.chance(0.55) ? '男' : '女';
  const headAge = size === 1 ? rng.int(55, 90) : rng.int(26, 72);
  const out: NewResident[] = [];
  const person = (gender: '男' | '女', age: number, relation: string): NewResident => {
    const birth = birthDateForAge(rng, age);
    return {
      householdCode: household,
      name: personName(rng, gender),
      gender,
      birthDate: birth.toISOString().slice(0, 10),
      idNumber: makeId(county, birth, gender),
      mobile: age >= 16 ? mobile(rng) : null,
      relation,
      residenceStatus: rng.chance(0.9) ? '常住' : rng.pick(['暂住', '空挂户']),
      politicalStatus: age >= 18 && rng.chance(0.075) ? (rng.chance(0.9) ? '中共党员' : '中共预备党员') : '群众',
      tags: size === 1 && age >= 65 ? ['独居老人'] : rng.chance(0.03) ? [rng.pick(['残疾', '退役军人', '低保'])] : [],
      synthetic: true,
    };
  };
  out.push(person(headGender, headAge, '本人'));
  if (size >= 2) out.push(person(headGender === '男' ? '女' : '男', Math.max(22, headAge + rng.int(-4, 3)), '配偶'));
  for (let i = 2; i < size; i++) {
    const g = rng.chance(0.5) ? '男' : '女';
    out.push(person(g, Math.max(1, headAge - rng.int(22, 34)), g === '男' ? '子' : '女'));
  }
  return out;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
