/** The attendance sheet of an activity as xlsx (签到表), times in Asia/Shanghai. */
import ExcelJS from 'exceljs';
import type { Activity, Signup } from '../../../../contracts/activities.js';
import { shanghaiTime } from './activities.service.js';

const STATUS: Record<string, string> = { confirmed: '已报名', waitlisted: '候补', cancelled: '已取消' };
const METHOD: Record<string, string> = { qr: '扫码', hand: '手动' };
const HOURS: Record<string, string> = { none: '未签退', pending: '待审核', approved: '已确认', rejected: '未通过' };

export async function attendanceWorkbook(a: Activity, signups: Signup[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('签到表');
  ws.addRow([`${a.title}${a.theme ? `（${a.theme}）` : ''}`]);
  ws.addRow([`时间：${shanghaiTime(new Date(a.startsAt))} 至 ${shanghaiTime(new Date(a.endsAt))}；地点：${a.address || a.placeName}；负责人：${a.leaderName}；名额：${a.capacity}`]);
  ws.addRow([]);
  const header = ws.addRow(['序号', '姓名', '报名状态', '签到时间', '签到方式', '签退时间', '签退方式', '服务时长（小时）', '时长审核']);
  header.font = { bold: true };
  signups.forEach((s, i) =>
    ws.addRow([
      i + 1,
      s.name,
      STATUS[s.status] ?? s.status,
      s.checkedInAt ? shanghaiTime(new Date(s.checkedInAt)) : '',
      s.checkInMethod ? (METHOD[s.checkInMethod] ?? s.checkInMethod) : '',
      s.checkedOutAt ? shanghaiTime(new Date(s.checkedOutAt)) : '',
      s.checkOutMethod ? (METHOD[s.checkOutMethod] ?? s.checkOutMethod) : '',
      s.minutes === null ? '' : Math.round((s.minutes / 60) * 10) / 10,
      HOURS[s.hoursStatus] ?? s.hoursStatus,
    ]),
  );
  ws.columns.forEach((c, i) => (c.width = [6, 12, 10, 18, 10, 18, 10, 16, 10][i]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
