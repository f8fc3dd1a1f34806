/** The list for an employer's party organisation (在职党员社区服务情况): one sheet per organisation, xlsx. */
import ExcelJS from 'exceljs';
import type { ProgressRow } from './member-service.service.js';

export async function employerWorkbook(rows: ProgressRow[], year: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const byOrg = new Map<string, ProgressRow[]>();
  for (const r of rows) byOrg.set(r.employerPartyOrg, [...(byOrg.get(r.employerPartyOrg) ?? []), r]);
  if (!byOrg.size) byOrg.set('（无）', []);
  const used = new Set<string>();
  for (const [org, list] of byOrg) {
    // Sheet names: at most 31 characters, none of []:*?/\ and unique.
    let name = org.replace(/[[\]:*?/\\]/g, ' ').slice(0, 28) || '党组织';
    while (used.has(name)) name = name.slice(0, 26) + used.size;
    used.add(name);
    const ws = wb.addWorksheet(name);
    ws.addRow([`${org} 在职党员到社区报到服务情况（${year} 年）`]).font = { bold: true };
    ws.addRow([]);
    ws.addRow(['序号', '姓名', '工作单位', '报到社区', '报到时间', '认领岗位', '参加活动（次）', '服务时长（小时）', '年度目标（小时）', '完成率', '进度']).font = { bold: true };
    list.forEach((r, i) =>
      ws.addRow([i + 1, r.name, r.employer, r.communityName, r.checkedInAt.slice(0, 10), r.posts.join('、'), r.activities, r.hours, r.targetHours, `${r.percent}%`, r.behind ? '落后' : '正常']),
    );
    ws.columns.forEach((c, i) => (c.width = [6, 10, 24, 18, 12, 24, 14, 16, 16, 8, 8][i]));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
