/**
 * The demo community's volunteer teams: its 新社工队 (the two grid workers, the first leading), and
 * the four themed teams of the seeds — 环境整治联户 and 安全隐患联排 in 幸福新邻里小区, 矛盾纠纷联调
 * and 文明小区联建 in the community — each with a leader, a deputy and members from the registry.
 * 环境整治联户 (led by the demo account `unit`), 安全隐患联排 (led by `building`) and 文明小区联建
 * recruit openly; a neighbour's application to 环境整治联户 awaits its leader.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { rows } from '../../platform/db.js';
import { teamApplications, teamMembers, teams } from './teams.schema.js';

interface Codes {
  community: string;
  compound: string;
}

export async function seedDemoTeams(db: Db, codes: Codes) {
  const users = new Map(
    (await rows<{ id: string; username: string; display_name: string }>(db, sql`SELECT id, username, display_name FROM users WHERE username IN ('community', 'unit', 'building', 'grid', 'grid2', 'resident')`)).map((u) => [u.username, u]),
  );
  const staff = users.get('community');
  const me = await rows<{ resident_id: string }>(db, sql`SELECT resident_id FROM users WHERE username = 'resident'`);
  if (!staff || !users.get('unit') || !users.get('building')) return;
  const county = codes.community.slice(0, 6);
  // Adults of the demo compound (not the resident account: her journey is to apply), party members first.
  const people = await rows<{ id: string; name: string; political_status: string | null }>(
    db,
    sql`SELECT id, name, political_status FROM residents
        WHERE household_code LIKE ${codes.compound + '%'} AND birth_date < '2004-01-01' AND id <> ${me[0]?.resident_id ?? '00000000-0000-0000-0000-000000000000'}
        ORDER BY (political_status IN ('中共党员', '中共预备党员')) DESC, household_code, id LIMIT 40`,
  );
  if (people.length < 20) return;
  const specs = [
    { kind: 'social_work', place: codes.community, name: '马邑路中心社区新社工队', theme: null, recruiting: false, note: null },
    { kind: 'themed', place: codes.compound, name: '幸福新邻里小区环境整治联户队', theme: '环境整治联户', recruiting: true, note: '每周六上午清理楼道杂物、整治环境卫生，欢迎邻居加入！' },
    { kind: 'themed', place: codes.compound, name: '幸福新邻里小区安全隐患联排队', theme: '安全隐患联排', recruiting: true, note: '每月排查楼道消防、电动车充电、燃气隐患，需要细心的邻居。' },
    { kind: 'themed', place: codes.community, name: '马邑路中心社区矛盾纠纷联调队', theme: '矛盾纠纷联调', recruiting: false, note: null },
    { kind: 'themed', place: codes.community, name: '马邑路中心社区文明小区联建队', theme: '文明小区联建', recruiting: true, note: '文明宣传、垃圾分类引导，每月一次。' },
  ];
  const inserted = await db
    .insert(teams)
    .values(specs.map((s) => ({ kind: s.kind, name: s.name, placeCode: s.place, countyCode: county, theme: s.theme, recruiting: s.recruiting, recruitNote: s.note, recruitingSince: s.recruiting ? new Date() : null, createdBy: staff.id })))
    .returning({ id: teams.id, name: teams.name });
  const id = (i: number) => inserted[i].id;
  const resident = (teamId: string, p: { id: string; name: string; political_status: string | null }, role: string) => ({
    teamId,
    memberKey: `r:${p.id}`,
    residentId: p.id,
    userId: null,
    name: p.name,
    role,
    source: p.political_status === '中共党员' || p.political_status === '中共预备党员' ? 'party_member' : 'volunteer',
    countyCode: county,
  });
  const user = (teamId: string, username: string, role: string, source: string) => {
    const u = users.get(username)!;
    return { teamId, memberKey: `u:${u.id}`, residentId: null, userId: u.id, name: u.display_name, role, source, countyCode: county };
  };
  const members = [
    ...(users.get('grid') ? [user(id(0), 'grid', 'leader', 'grid_worker')] : []),
    ...(users.get('grid2') ? [user(id(0), 'grid2', 'member', 'grid_worker')] : []),
    resident(id(0), people[0], 'deputy'),
    user(id(1), 'unit', 'leader', 'resident'),
    resident(id(1), people[1], 'deputy'),
    ...people.slice(10, 14).map((p) => resident(id(1), p, 'member')),
    user(id(2), 'building', 'leader', 'resident'),
    resident(id(2), people[2], 'deputy'),
    ...people.slice(14, 17).map((p) => resident(id(2), p, 'member')),
    resident(id(3), people[3], 'leader'),
    resident(id(3), people[4], 'deputy'),
    ...people.slice(17, 20).map((p) => resident(id(3), p, 'member')),
    resident(id(4), people[5], 'leader'),
    ...people.slice(6, 9).map((p) => resident(id(4), p, 'member')),
  ];
  await db.insert(teamMembers).values(members).onConflictDoNothing();
  const applicant = people[people.length - 1];
  await db.insert(teamApplications).values({ teamId: id(1), residentId: applicant.id, name: applicant.name, message: '我住在小区，周六上午有空，愿意参加。', countyCode: county });
}
