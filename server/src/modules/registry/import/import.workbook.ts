/** The xlsx files of the registry: the import template, the rejected-rows report, and the streamed export. */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  IMPORT_COLUMNS,
  MEMBERSHIP_HERE,
  POLITICAL_STATUSES,
  RESIDENCE_STATUSES,
  SAMPLE_MARK,
  TAG_SEPARATOR,
  type ImportRejection,
} from '../../../../../contracts/registry-import.js';
import { idCheckDigit } from '../../../../../contracts/validation.js';

const WIDTHS: Record<string, number> = { 姓名: 12, 性别: 6, 身份证号: 22, 联系电话: 15, 小区: 18, 楼栋: 10, 单元: 8, 房号: 8, 与户主关系: 11, 政治面貌: 14, 党组织关系所在: 22, 居住状态: 10, 标签: 20 };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFC00000' } };
const TEMPLATE_ROWS = 5000;
const SAMPLE_ID = '14060219900307123' + idCheckDigit('14060219900307123');

function columnLetter(i: number): string {
  return String.fromCharCode(65 + i);
}

function styleHeader(row: ExcelJS.Row) {
  row.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  row.eachCell((c) => {
    c.fill = HEADER_FILL;
    c.alignment = { vertical: 'middle', horizontal: 'center' };
  });
  row.height = 20;
}

/** The import template: the header, one sample row (skipped on import), drop-down lists, text-formatted number columns, and a sheet of instructions. */
export async function buildTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Linli 邻里';
  const ws = wb.addWorksheet('居民', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = IMPORT_COLUMNS.map((h) => ({ header: h, key: h, width: WIDTHS[h] ?? 12 }));
  styleHeader(ws.getRow(1));
  // ID numbers and mobiles as text: typed as numbers, Excel would keep only 15 digits.
  for (const h of ['身份证号', '联系电话', '房号'] as const) ws.getColumn(IMPORT_COLUMNS.indexOf(h) + 1).numFmt = '@';
  const sample = ws.addRow([`${SAMPLE_MARK}张三`, '男', SAMPLE_ID, '13812345678', '幸福新邻里小区', '1号楼', '1单元', '101', '本人', '中共党员', MEMBERSHIP_HERE, '常住', `退役军人${TAG_SEPARATOR}志愿者`]);
  sample.font = { italic: true, color: { argb: 'FF808080' } };
  const lists: Array<[string, readonly string[]]> = [
    ['性别', ['男', '女']],
    ['政治面貌', POLITICAL_STATUSES],
    ['居住状态', RESIDENCE_STATUSES],
  ];
  const validations = (ws as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  for (const [h, values] of lists) {
    const letter = columnLetter(IMPORT_COLUMNS.indexOf(h as (typeof IMPORT_COLUMNS)[number]));
    validations.add(`${letter}2:${letter}${TEMPLATE_ROWS}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${values.join(',')}"`],
      showErrorMessage: true,
      errorTitle: h,
      error: `请从下拉列表中选择：${values.join('、')}`,
    });
  }
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列', key: 'c', width: 16 },
    { header: '说明', key: 'd', width: 90 },
  ];
  styleHeader(help.getRow(1));
  const notes: Array<[string, string]> = [
    ['姓名', `必填。第2行是示例（姓名以“${SAMPLE_MARK}”开头的行不会导入），可以删除。`],
    ['性别', '男或女；可不填（按身份证号判断），填写时须与身份证号一致。'],
    ['身份证号', '必填，18位，末位可为X；请保持“文本”格式。同一文件中重复的身份证号只导入第一次出现的行。再次导入同一人会更新其信息。'],
    ['联系电话', '11位手机号，可不填。'],
    ['小区、楼栋、单元', '必填，须与系统中的名称一致（楼栋可写“1”表示“1号楼”，单元可写“1”表示“1单元”）；不存在时，按导入时的选择自动新建或拒绝该行。'],
    ['房号', '必填，如 101；系统中不存在时自动新建“101室”。'],
    ['与户主关系', '本人、配偶、子、女、父母等，不填为本人。'],
    ['政治面貌', POLITICAL_STATUSES.join('、') + '；不填为群众。'],
    ['党组织关系所在', `党员必填：“${MEMBERSHIP_HERE}”，或组织关系所在党组织的名称。`],
    ['居住状态', RESIDENCE_STATUSES.join('、') + '；不填为常住。'],
    ['标签', `多个标签用“${TAG_SEPARATOR}”分隔，如 独居老人${TAG_SEPARATOR}低保。`],
    ['文件格式', '保存为 .xlsx，或“CSV（逗号分隔）”（UTF-8 或 GBK 编码均可）。第1行必须是表头。'],
  ];
  for (const n of notes) help.addRow(n).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The rejected rows of an import: 行号, 列, 原因. */
export async function buildRejectedReport(rejected: ImportRejection[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('未导入的行', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '行号', key: 'row', width: 8 },
    { header: '列', key: 'column', width: 16 },
    { header: '原因', key: 'reason', width: 80 },
  ];
  styleHeader(ws.getRow(1));
  for (const r of [...rejected].sort((a, b) => a.row - b.row)) ws.addRow({ row: r.row, column: r.column, reason: r.reason });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Writes residents' rows (already in template column order) to an xlsx stream, one row at a time. */
export async function writeRegistryXlsx(out: Writable, rows: AsyncIterable<string[]>): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('居民', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = IMPORT_COLUMNS.map((h) => ({ header: h, key: h, width: WIDTHS[h] ?? 12 }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  let n = 0;
  for await (const r of rows) {
    ws.addRow(r).commit();
    n++;
  }
  ws.commit();
  await wb.commit();
  return n;
}
