/**
 * The demo city's activities and points: a year of monthly themes (月月有主题), this week's and coming
 * activities in 马邑路中心社区 (one under way now, a weekly series, a monthly party day), a finished one
 * whose hours were approved (so the board and the resident's points have something to show), and the
 * points shop (积分超市).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db.js';
import { rows } from '../platform/db.js';
import { activities, activitySignups, activityThemes } from '../modules/activities/activities.schema.js';
import { pointsItems } from '../modules/points/points.schema.js';
import { memberCheckins } from '../modules/registry/registry.schema.js';
import { servicePostChoices, servicePosts } from '../modules/member-service/member-service.schema.js';
import { mobileContacts, mobileGroups, mobileMembers } from '../modules/mobile-members/mobile-members.schema.js';
import type { PersonalDataCipher } from '../platform/crypto.js';
import { maskMobile } from '../../../contracts/validation.js';
import { occurrenceStarts } from '../modules/activities/activities.service.js';
import { awardPoints, DEFAULT_RULES } from '../modules/points/points.service.js';
import type { DemoCodes } from './demo-city.js';
import { seedDemoTeams } from '../modules/teams/teams-seed.js';

const THEMES = ['邻里守望迎新春', '文明过节树新风', '学雷锋志愿服务', '环境整治联户', '安全隐患联排', '矛盾纠纷联调', '初心之约党员行', '关爱一老一小', '文明小区联建', '敬老爱老孝亲', '消防安全宣传', '温暖过冬送关怀'];
const H = 3600_000;

/** Midnight of today in Shanghai plus `days` and `hours`, as an instant. */
function shanghai(days: number, hours: number, now = new Date()) {
  const local = new Date(now.getTime() + 8 * H);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + days) - 8 * H + hours * H);
}

export async function seedDemoActivities(db: Db, codes: DemoCodes, cipher: PersonalDataCipher) {
  const [staff] = await rows<{ id: string; display_name: string }>(db, sql`SELECT id, display_name FROM users WHERE username = 'community'`);
  const [unit] = await rows<{ id: string; display_name: string }>(db, sql`SELECT id, display_name FROM users WHERE username = 'unit'`);
  const [me] = await rows<{ id: string; resident_id: string }>(db, sql`SELECT id, resident_id FROM users WHERE username = 'resident'`);
  if (!staff || !unit || !me) return;
  const community = codes.community;
  const county = community.slice(0, 6);
  const year = new Date(Date.now() + 8 * H).getUTCFullYear();
  await db
    .insert(activityThemes)
    .values(THEMES.map((theme, i) => ({ communityCode: community, month: `${year}-${String(i + 1).padStart(2, '0')}`, countyCode: county, theme, updatedBy: staff.id })))
    .onConflictDoNothing();
  const themeOf = (d: Date) => THEMES[new Date(d.getTime() + 8 * H).getUTCMonth()];
  const base = { communityCode: community, countyCode: county, createdBy: staff.id, description: '' };
  const one = (title: string, placeCode: string, address: string, start: Date, hours: number, capacity: number, leader = staff, description = '') => ({
    ...base,
    title,
    theme: themeOf(start),
    placeCode,
    address,
    startsAt: start,
    endsAt: new Date(start.getTime() + hours * H),
    capacity,
    leaderUserId: leader.id,
    leaderName: leader.display_name,
    description,
    recurrence: 'none',
  });
  const list = [
    one('楼道杂物清理', codes.compound, '幸福新邻里小区 1号楼', new Date(Date.now() - 0.5 * H), 2.5, 12, unit, '清理楼道堆放杂物，消除消防隐患。请穿方便活动的衣服。'),
    one('消防安全知识讲座', community, '社区党群服务中心二楼', shanghai(1, 19), 1.5, 40, staff, '消防站教员讲解家庭用火用电安全，现场演示灭火器使用。'),
    one('关爱独居老人上门探访', codes.compound, '幸福新邻里小区', shanghai(3, 9), 3, 6),
  ];
  const weekly = occurrenceStarts(shanghai(((6 - new Date(Date.now() + 8 * H).getUTCDay() + 7) % 7) || 7, 9), 'weekly', 4);
  const series = crypto.randomUUID();
  for (const s of weekly) list.push({ ...one('周末环境整治', codes.compound, '幸福新邻里小区 中心广场', s, 2, 20), recurrence: 'weekly', seriesId: series } as (typeof list)[number]);
  const monthly = occurrenceStarts(shanghai(8, 14.5), 'monthly', 3);
  const partyDay = crypto.randomUUID();
  for (const s of monthly) list.push({ ...one('在职党员志愿服务日', community, '社区党群服务中心', s, 3, 30), recurrence: 'monthly', seriesId: partyDay } as (typeof list)[number]);
  const past = one('秋季大扫除', codes.compound, '幸福新邻里小区', shanghai(-4, 9), 3, 15);
  const inserted = await db.insert(activities).values([...list, past]).returning({ id: activities.id, title: activities.title, startsAt: activities.startsAt });
  const pastRow = inserted[inserted.length - 1];

  // Who came to the finished one: the resident account and six neighbours, their hours approved.
  const people = await rows<{ id: string; name: string; county_code: string }>(
    db,
    sql`SELECT id, name, county_code FROM residents WHERE household_code LIKE ${codes.compound + '%'} AND relation IN ('本人', '配偶') AND birth_date < '2000-01-01' ORDER BY household_code, id LIMIT 12`,
  );
  const attendees = [{ id: me.resident_id }, ...people.filter((p) => p.id !== me.resident_id).slice(0, 6)];
  const names = new Map(people.map((p) => [p.id, p.name]));
  const [mine] = await rows<{ name: string }>(db, sql`SELECT name FROM residents WHERE id = ${me.resident_id}`);
  names.set(me.resident_id, mine.name);
  await db.transaction(async (tx) => {
    const t = tx as Db;
    for (const [i, a] of attendees.entries()) {
      const minutes = 150 + (i % 3) * 15;
      const inAt = new Date(pastRow.startsAt.getTime() + (i % 4) * 5 * 60_000);
      const [s] = await t
        .insert(activitySignups)
        .values({
          activityId: pastRow.id,
          residentId: a.id,
          userId: i === 0 ? me.id : null,
          name: names.get(a.id)!,
          countyCode: county,
          status: 'confirmed',
          signedUpAt: new Date(pastRow.startsAt.getTime() - 2 * 86_400_000),
          checkedInAt: inAt,
          checkInMethod: i % 2 ? 'hand' : 'qr',
          checkedOutAt: new Date(inAt.getTime() + minutes * 60_000),
          checkOutMethod: 'qr',
          minutes,
          hoursStatus: 'approved',
          hoursDecidedBy: staff.id,
          hoursDecidedAt: new Date(pastRow.startsAt.getTime() + 4 * H),
        })
        .returning({ id: activitySignups.id });
      const source = `signup:${s.id}`;
      await awardPoints(t, { residentId: a.id, communityCode: community, delta: Math.round((minutes / 60) * DEFAULT_RULES.perHour), reason: 'service_hours', note: `「秋季大扫除」服务 ${(minutes / 60).toFixed(1)} 小时`, source, createdBy: staff.id });
      await awardPoints(t, { residentId: a.id, communityCode: community, delta: DEFAULT_RULES.perParticipation, reason: 'participation', note: '参加「秋季大扫除」', source, createdBy: staff.id });
    }
  });
  // Two neighbours have signed up for the one under way now.
  const now = inserted[0];
  await db.insert(activitySignups).values(
    people.slice(7, 9).map((p) => ({ activityId: now.id, residentId: p.id, name: p.name, countyCode: county, status: 'confirmed' })),
  );
  await db.insert(pointsItems).values(
    [
      { name: '抽纸（一提）', cost: 30, stock: 50, description: '社区超市领取' },
      { name: '理发服务券', cost: 50, stock: 15, description: '便民服务站每周三' },
      { name: '洗衣液 2kg', cost: 100, stock: 20, description: '' },
      { name: '大米 5kg', cost: 200, stock: 10, description: '' },
    ].map((i) => ({ ...i, communityCode: community, countyCode: county })),
  );
  await seedWorkingMembers(db, community);
  await seedMobileMembers(db, cipher, community, staff);
  await seedDemoTeams(db, codes);
}

const EMPLOYERS = [
  ['国网朔州供电公司', '国网朔州供电公司党委'],
  ['朔城区第一中学', '朔城区第一中学党支部'],
  ['朔州市中医医院', '朔州市中医医院党总支'],
] as const;

/** 在职党员报到: five working members of the demo community (outside its first compound) checked in, three posts, some taken. */
async function seedWorkingMembers(db: Db, community: string) {
  const county = community.slice(0, 6);
  const list = await rows<{ id: string }>(
    db,
    sql`SELECT r.id FROM residents r JOIN party_members m ON m.resident_id = r.id
        WHERE r.household_code LIKE ${community + '%'} AND r.household_code NOT LIKE ${community + '001%'} AND r.birth_date > '1966-01-01' AND m.membership_kept = 'elsewhere' ORDER BY r.household_code, r.id LIMIT 5`,
  );
  if (!list.length) return;
  await db.insert(memberCheckins).values(
    list.map((r, i) => ({ residentId: r.id, communityCode: community, countyCode: county, employer: EMPLOYERS[i % 3][0], employerPartyOrg: EMPLOYERS[i % 3][1], checkedInAt: new Date(Date.now() - (40 + i * 9) * 86_400_000) })),
  );
  const posts = await db
    .insert(servicePosts)
    .values(
      [
        { name: '政策宣传岗', description: '宣讲惠民政策，入户解答问题', capacity: 6 },
        { name: '环境监督岗', description: '楼道杂物、垃圾分类巡查', capacity: 8 },
        { name: '平安巡逻岗', description: '夜间巡逻、隐患排查', capacity: null },
      ].map((p) => ({ ...p, communityCode: community, countyCode: county })),
    )
    .returning({ id: servicePosts.id });
  await db.insert(servicePostChoices).values(list.slice(0, 3).map((r, i) => ({ postId: posts[i % posts.length].id, residentId: r.id, countyCode: county })));
}

const DESTINATIONS: Array<[string, string, 'full' | 'probationary']> = [
  ['太原市', '小店区 某建筑工地', 'full'],
  ['太原市', '万柏林区 某物流园', 'full'],
  ['太原市', '晋源区 某汽修厂', 'full'],
  ['太原市', '小店区 某电商公司', 'full'],
  ['北京市', '大兴区 某快递分拨中心', 'full'],
  ['北京市', '朝阳区 某餐饮企业', 'full'],
  ['北京市', '通州区 某装修公司', 'full'],
  ['鄂尔多斯市', '东胜区 某煤矿', 'full'],
  ['鄂尔多斯市', '康巴什区 某酒店', 'probationary'],
  ['呼和浩特市', '赛罕区 某工厂', 'full'],
];

/**
 * 流动党员: ten members of the demo community working elsewhere, all surveyed and nine registered; the four
 * in 太原 form a mobile party branch, the three in 北京 await adoption of the proposal; those in 太原 are
 * paired with the community worker, two of them overdue for a contact.
 */
async function seedMobileMembers(db: Db, cipher: PersonalDataCipher, community: string, staff: { id: string; display_name: string }) {
  const county = community.slice(0, 6);
  const people = await rows<{ id: string; name: string }>(
    db,
    sql`SELECT r.id, r.name FROM residents r JOIN party_members m ON m.resident_id = r.id
        WHERE r.household_code LIKE ${community + '%'} AND r.household_code NOT LIKE ${community + '001%'} AND m.membership_kept = 'community'
          AND NOT EXISTS (SELECT 1 FROM member_checkins c WHERE c.resident_id = r.id) ORDER BY r.household_code DESC, r.id LIMIT 10`,
  );
  if (people.length < DESTINATIONS.length) return;
  const day = 86_400_000;
  const [group] = await db.insert(mobileGroups).values({ placeCode: community, countyCode: county, destinationCity: '太原市', name: '马邑路中心社区驻太原市流动党员党支部', createdBy: staff.id }).returning({ id: mobileGroups.id });
  const rowsIn = people.map((p, i) => {
    const [city, detail, status] = DESTINATIONS[i];
    const mobile = `139${String(34560000 + i * 1111).padStart(8, '0')}`;
    const taiyuan = city === '太原市';
    return {
      residentId: p.id,
      name: p.name,
      communityCode: community,
      countyCode: county,
      partyStatus: status,
      leftOn: new Date(Date.now() - (200 + i * 40) * day).toISOString().slice(0, 10),
      destinationCity: city,
      destinationDetail: detail,
      employer: detail.split(' ')[1],
      mobileEnc: cipher.encrypt(mobile),
      mobileMasked: maskMobile(mobile),
      registeredAt: i === DESTINATIONS.length - 1 ? null : new Date(Date.now() - 150 * day),
      groupId: taiyuan ? group.id : null,
      cadreUserId: taiyuan ? staff.id : null,
      cadreName: taiyuan ? staff.display_name : null,
      pairedAt: taiyuan ? new Date(Date.now() - 120 * day) : null,
      createdBy: staff.id,
    };
  });
  const inserted = await db.insert(mobileMembers).values(rowsIn).returning({ id: mobileMembers.id, city: mobileMembers.destinationCity });
  // Last contacts: 10 and 20 days ago (on time), 45 and 60 days ago (overdue); one joined the online party day.
  const ago = [10, 20, 45, 60];
  const taiyuan = inserted.filter((m) => m.city === '太原市');
  for (const [i, m] of taiyuan.entries()) {
    const at = new Date(Date.now() - ago[i] * day);
    await db.insert(mobileContacts).values({ memberId: m.id, countyCode: county, at, method: i % 2 ? 'wechat' : 'phone', note: '询问工作生活情况，提醒按时交纳党费', study: i === 0, studyTopic: i === 0 ? '线上主题党日：学习新修订的《中国共产党纪律处分条例》' : null, byUserId: staff.id, byName: staff.display_name });
    await db.update(mobileMembers).set({ lastContactAt: at }).where(sql`id = ${m.id}`);
  }
}
