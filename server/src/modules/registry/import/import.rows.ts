/** Checking one row of the resident template: the first fault in column order, as (row, column, reason) in Chinese. */
import { checkIdNumber, normaliseMobile } from '../../../../../contracts/validation.js';
import {
  IMPORT_COLUMNS,
  MEMBERSHIP_HERE,
  POLITICAL_STATUSES,
  RESIDENCE_STATUSES,
  type ImportColumn,
  type ImportRejection,
} from '../../../../../contracts/registry-import.js';
import type { SheetRow } from './import.sheet.js';

/** A row that passed every check, normalised. */
export interface CheckedRow {
  row: number;
  name: string;
  gender: '男' | '女';
  idNumber: string;
  birthDate: string;
  mobile: string | null;
  compound: string;
  building: string;
  unit: string;
  room: string;
  relation: string;
  politicalStatus: string;
  /** For party members: null = kept in the community (本社区), else the organisation elsewhere. */
  membershipOrg: string | null;
  residenceStatus: string;
  tags: string[];
}

const col = (name: ImportColumn) => IMPORT_COLUMNS.indexOf(name);
const C = {
  name: col('姓名'),
  gender: col('性别'),
  id: col('身份证号'),
  mobile: col('联系电话'),
  compound: col('小区'),
  building: col('楼栋'),
  unit: col('单元'),
  room: col('房号'),
  relation: col('与户主关系'),
  political: col('政治面貌'),
  org: col('党组织关系所在'),
  residence: col('居住状态'),
  tags: col('标签'),
};

const POLITICAL_ALIASES: Record<string, string> = { 党员: '中共党员', 正式党员: '中共党员', 预备党员: '中共预备党员', 团员: '共青团员' };
const RELATION_ALIASES: Record<string, string> = { 户主: '本人' };
const PARTY = new Set(['中共党员', '中共预备党员']);

/** Full-width digits and letters to ASCII, whitespace out: for numbers typed by hand. */
function asciiNumber(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '');
}

/** Excel tricks for keeping digits as text in CSV: a leading apostrophe, or ="..." around the value. */
function unwrapExcelText(s: string): string {
  const t = s.trim();
  const m = /^="(.*)"$/.exec(t);
  if (m) return m[1];
  return t.startsWith("'") ? t.slice(1) : t;
}

function clean(s: string): string {
  // Control characters never belong in a name; PostgreSQL refuses NUL outright.
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  return unwrapExcelText(s).replace(/[\u0000-\u001f\u007f]/g, '').trim();
}

/** The 房号 as a household's name: "101" and "101室" both give "101室". */
export function householdName(room: string): string {
  return room.endsWith('室') ? room : `${room}室`;
}

/** One row checked on its own: the verdict, and its ID number once that has passed its own checks. */
export interface RowAlone {
  result: CheckedRow | ImportRejection;
  /** The normalised ID number, when the row got as far as the repeat check (it comes right after the ID's own checks). */
  id?: string;
}

/** Checks one row. `seen` maps ID numbers already met in this file to their row, to reject repeats. */
export function checkRow(r: SheetRow, seen: Map<string, number>): CheckedRow | ImportRejection {
  return checkRepeat(r.row, checkRowAlone(r), seen);
}

/**
 * The repeat check of a row checked alone, in file order: a repeated ID number is the row's first fault
 * after those of 姓名, 性别 and the ID's own checks, so it wins over whatever the row alone found later.
 */
export function checkRepeat(row: number, alone: RowAlone, seen: Map<string, number>): CheckedRow | ImportRejection {
  if (alone.id === undefined) return alone.result;
  const first = seen.get(alone.id);
  if (first !== undefined) return { row, column: '身份证号', reason: `与第${first}行的身份证号重复` };
  seen.set(alone.id, row);
  return alone.result;
}

/** Checks one row without the other rows of its file (all but the repeat check): what import workers do in parallel. */
export function checkRowAlone(r: SheetRow): RowAlone {
  const reject = (column: ImportColumn, reason: string): RowAlone => ({ result: { row: r.row, column, reason } });
  const cell = (i: number) => clean(r.cells[i] ?? '');

  const name = cell(C.name);
  if (!name) return reject('姓名', '必填');
  if (name.length > 50) return reject('姓名', '不能超过50个字');

  const genderRaw = cell(C.gender).replace(/性$/, '');
  if (genderRaw && genderRaw !== '男' && genderRaw !== '女') return reject('性别', '应为“男”或“女”');

  const idRaw = asciiNumber(cell(C.id)).toUpperCase();
  if (!idRaw) return reject('身份证号', '必填');
  const id = checkIdNumber(idRaw);
  if (!id.ok) {
    if (r.numeric?.includes(C.id) && /^\d+$/.test(idRaw)) {
      return reject('身份证号', '单元格是数字格式，Excel 只保留15位有效数字，后几位已丢失；请把该列设为文本后重新填写');
    }
    return reject('身份证号', id.reason);
  }
  // From here on, a fault is reported only if the ID number is not a repeat (checkRepeat).
  const later = (column: ImportColumn, reason: string): RowAlone => ({ result: { row: r.row, column, reason }, id: idRaw });
  if (genderRaw && genderRaw !== id.gender) return later('性别', `与身份证号不符（身份证号为${id.gender}性）`);

  const mobileRaw = asciiNumber(cell(C.mobile));
  let mobile: string | null = null;
  if (mobileRaw) {
    mobile = normaliseMobile(mobileRaw);
    if (!mobile) return later('联系电话', '不是有效的手机号（11位，以1开头）');
  }

  const place: Record<'compound' | 'building' | 'unit' | 'room', string> = { compound: '', building: '', unit: '', room: '' };
  for (const [key, column] of [
    ['compound', '小区'],
    ['building', '楼栋'],
    ['unit', '单元'],
    ['room', '房号'],
  ] as const) {
    const v = key === 'compound' ? cell(C[key]) : cell(C[key]).normalize('NFKC').replace(/\s+/g, '');
    if (!v) return later(column, '必填');
    if (v.length > 50) return later(column, '不能超过50个字');
    place[key] = v;
  }

  let relation = cell(C.relation) || '本人';
  relation = RELATION_ALIASES[relation] ?? relation;
  if (relation.length > 10) return later('与户主关系', '不能超过10个字');

  let politicalStatus = cell(C.political) || '群众';
  politicalStatus = POLITICAL_ALIASES[politicalStatus] ?? politicalStatus;
  if (!(POLITICAL_STATUSES as readonly string[]).includes(politicalStatus)) return later('政治面貌', `应为 ${POLITICAL_STATUSES.join('、')} 之一`);

  let membershipOrg: string | null = null;
  if (PARTY.has(politicalStatus)) {
    const org = cell(C.org);
    if (!org) return later('党组织关系所在', `党员必填：“${MEMBERSHIP_HERE}”或所在党组织的名称`);
    if (org.length > 100) return later('党组织关系所在', '不能超过100个字');
    membershipOrg = org === MEMBERSHIP_HERE ? null : org;
  }

  const residenceStatus = cell(C.residence) || '常住';
  if (!(RESIDENCE_STATUSES as readonly string[]).includes(residenceStatus)) return later('居住状态', `应为 ${RESIDENCE_STATUSES.join('、')} 之一`);

  const tags: string[] = [];
  for (const t of cell(C.tags).split(/[、，,;；]/)) {
    const tag = t.trim();
    if (tag && !tags.includes(tag)) tags.push(tag);
  }
  if (tags.some((t) => t.length > 20)) return later('标签', '每个标签不能超过20个字');
  if (tags.length > 20) return later('标签', '标签不能超过20个');

  const result: CheckedRow = {
    row: r.row,
    name,
    gender: id.gender,
    idNumber: idRaw,
    birthDate: id.birthDate,
    mobile,
    compound: place.compound,
    building: place.building,
    unit: place.unit,
    room: place.room.replace(/室$/, ''),
    relation,
    politicalStatus,
    membershipOrg,
    residenceStatus,
    tags,
  };
  return { result, id: idRaw };
}

export function isRejection(r: CheckedRow | ImportRejection): r is ImportRejection {
  return 'reason' in r;
}
