/**
 * Self-governance in the demo city (first start only): a proposal one support short of its threshold,
 * a held meeting, a closed owners' vote on the maintenance fund and its published result, a funds
 * ledger, the residents' convention put to the households' vote, and a public notice open for feedback.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db.js';
import { rows } from '../platform/db.js';
import type { Actor } from '../platform/access.js';
import type { DemoCodes } from './demo-city.js';
import { shanghaiDay } from '../modules/tickets/ticket-clock.js';
import * as deliberationRepo from '../modules/governance/deliberation.repository.js';
import { createProposal, createMeeting, recordMinutes } from '../modules/governance/deliberation.service.js';
import { closeVote, createVote, enterPaperBallot, listVoters, openVote } from '../modules/governance/votes.service.js';
import { draftConvention, putConventionToVote } from '../modules/governance/convention.service.js';
import { publishDisclosure } from '../modules/disclosure/disclosure.service.js';
import { publishNotice } from '../modules/notices/notices.service.js';

const CONVENTION = `一、爱党爱国，遵纪守法，自觉维护小区和谐稳定。
二、爱护公共环境，垃圾分类投放，不乱堆乱放，不占用楼道和消防通道。
三、邻里相亲，守望相助，关心独居老人和困难家庭。
四、文明养犬，牵绳出行，及时清理粪便。
五、电动车不进楼道、不入户充电，安全用电用气。
六、积极参加小区议事协商，理性表达诉求。`;

/** Seeds the demo's self-governance; the city admin acts for the community. */
export async function seedGovernanceDemo(db: Db, codes: DemoCodes) {
  const [admin] = await rows<{ id: string }>(db, sql`SELECT id FROM users WHERE username = 'admin'`);
  if (!admin) return;
  const actor: Actor = { userId: admin.id, username: 'admin', displayName: '市级管理员', residentId: null, grants: [{ id: 'seed', role: 'city_admin', scopeKind: 'place', scopeCode: codes.city, scopeName: '', reach: [codes.city] }] };
  const heads = await rows<{ id: string; name: string; household_code: string }>(
    db,
    sql`SELECT DISTINCT ON (household_code) id, name, household_code FROM residents WHERE household_code LIKE ${codes.compound + '%'} AND household_code <> ${codes.household}
        ORDER BY household_code, (relation = '本人') DESC, birth_date NULLS LAST`,
  );

  // A proposal raised by a neighbour, one support short of the threshold of 5.
  await deliberationRepo.upsertThreshold(db, codes.community, 5, admin.id);
  const author = heads[0];
  const p = await createProposal(db, actor, { title: '小区东门加装电动车充电桩', body: '电动车在楼道和家里充电有火灾隐患，建议在小区东门空地集中加装充电桩，按次计费。', placeCode: codes.community });
  await db.execute(sql`UPDATE proposals SET author_name = ${author.name}, author_resident_id = ${author.id}, author_user_id = NULL WHERE id = ${p.id}`);
  for (const r of heads.slice(0, 4)) await deliberationRepo.addSupport(db, p.id, r.id, codes.county);

  // A held meeting with its minutes.
  const m = await createMeeting(db, actor, {
    placeCode: codes.compound,
    title: '幸福新邻里小区10月议事会',
    startsAt: new Date(Date.now() - 20 * 86_400_000).toISOString(),
    location: '小区党群服务站',
    items: [{ title: '2号楼屋面防水维修方案' }, { title: '通报上月诉求办理情况' }],
    inviteHouseholdsOf: codes.compound + '002',
  });
  await recordMinutes(db, actor, m.id, { minutes: '到会住户代表8人。物业介绍屋面渗漏情况，与会人员同意提请全体业主表决使用专项维修资金。', decisions: [{ itemId: m.items[0].id, decision: '提请业主表决使用专项维修资金' }] });

  // The owners' vote on the maintenance fund (art. 278, 3/4), closed and published.
  const v = await createVote(db, actor, { kind: 'matter', method: 'owners', matter: 'maintenance_fund', title: '使用专项维修资金维修2号楼屋面防水', description: '预算3.6万元，由专项维修资金列支。', placeCode: codes.compound });
  await openVote(db, actor, v.id);
  const voters = await listVoters(db, actor, v.id);
  for (const [i, x] of voters.slice(0, 40).entries()) await enterPaperBallot(db, actor, v.id, { voterKey: x.voterKey, choices: [i < 36 ? 'agree' : i < 38 ? 'oppose' : 'abstain'] });
  await closeVote(db, actor, v.id);
  const month = shanghaiDay(new Date()).slice(0, 7);
  await publishDisclosure(db, actor, { communityCode: codes.community, kind: 'affairs', title: '专项维修资金使用表决结果公示', body: '幸福新邻里小区业主表决使用专项维修资金维修2号楼屋面防水，结果如下。', period: month, visibility: 'public', voteId: v.id });
  await publishDisclosure(db, actor, {
    communityCode: codes.community,
    kind: 'finance',
    title: '社区党群服务经费收支公开',
    body: '本期经费收支明细如下，如有疑问请与社区居委会联系。',
    period: month,
    visibility: 'residents',
    ledger: [
      { occurredOn: `${month}-02`, item: '上级拨付党群服务经费', income: 20000, expense: 0 },
      { occurredOn: `${month}-08`, item: '楼道灯具更换', income: 0, expense: 3260.5 },
      { occurredOn: `${month}-15`, item: '重阳节慰问独居老人', income: 0, expense: 1800 },
    ],
  });
  await publishDisclosure(db, actor, { communityCode: codes.community, kind: 'party', title: '社区党委第三季度党费收缴情况', body: '第三季度应交党费党员均已按时足额交纳。', period: `${month.slice(0, 4)}-Q3`, visibility: 'public' });

  // The residents' convention, put to the households' vote (residents vote on it in the demo).
  const c = await draftConvention(db, actor, { communityCode: codes.community, title: '马邑路中心社区居民公约', body: CONVENTION });
  await putConventionToVote(db, actor, c.id, { method: 'household' });

  // A public notice of cadre appointments, open for feedback.
  const today = Date.now();
  await publishNotice(db, actor, {
    placeCode: codes.city,
    title: '中共朔州市委组织部干部任前公示',
    body: '根据干部选拔任用有关规定，现对市委研究拟任干部予以公示。\n\n王某某，男，1979年生，大学学历，中共党员，现任某区某局副局长，拟任某局局长。\n\n公示期间，可通过来信、来电等方式反映公示对象在德、能、勤、绩、廉等方面存在的问题。反映情况和问题应实事求是、客观公正。提倡反映人提供真实姓名和联系方式，我们将严格履行保密义务。',
    publisher: '中共朔州市委组织部',
    contact: '来信地址：朔州市振华西街1号市委组织部干部监督科，邮政编码：036002',
    startsOn: shanghaiDay(new Date(today - 2 * 86_400_000)),
    endsOn: shanghaiDay(new Date(today + 5 * 86_400_000)),
  });
}
