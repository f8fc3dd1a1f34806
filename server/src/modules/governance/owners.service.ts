/**
 * The owners' roll 业主名册: owner and floor area of each household of a compound, kept by staff or
 * imported from xlsx (columns 房屋编码, 业主姓名, 建筑面积). Owners' votes are weighted by it.
 */
import ExcelJS from 'exceljs';
import { eq, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db.js';
import { rows } from '../../platform/db.js';
import type { Actor } from '../../platform/access.js';
import { errors } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit.js';
import type { Owner, PutOwnerBody } from '../../../../contracts/governance.js';
import { findPlace } from '../places/places.service.js';
import { findResidentRecord } from '../registry/registry.service.js';
import { governancePolicy } from './governance.policy.js';
import { ownerRoll } from './governance.schema.js';
import { householdLabel } from './votes.repository.js';

export const OWNER_COLUMNS = ['房屋编码', '业主姓名', '建筑面积'] as const;

const toCenti = (area: number) => Math.round(area * 100);

async function compoundOrFail(db: Db, code: string, field = 'compound') {
  const place = await findPlace(db, code);
  if (!place || place.level !== 'compound') throw errors.field(field, `${code} is not a compound`);
  return place;
}

/** The roll of a compound with its totals (业主人数 counts an owner of several units once). */
export async function getOwnerRoll(db: Db, actor: Actor, compoundCode: string) {
  await compoundOrFail(db, compoundCode);
  governancePolicy.authorize(actor, 'owners.read', { placeCode: compoundCode });
  const list = await rows<{ household_code: string; address: string | null; owner_name: string; resident_id: string | null; area_centi: string | number; updated_at: string | Date }>(
    db,
    sql`SELECT o.household_code, ${householdLabel(sql`o.household_code`)} AS address, o.owner_name, o.resident_id, o.area_centi, o.updated_at
        FROM owner_roll o WHERE o.compound_code = ${compoundCode} ORDER BY o.household_code`,
  );
  const [h] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM places WHERE code LIKE ${compoundCode + '%'} AND level = 'household'`);
  const owners: Owner[] = list.map((r) => ({
    householdCode: r.household_code,
    address: r.address ?? r.household_code,
    ownerName: r.owner_name,
    residentId: r.resident_id,
    area: Number(r.area_centi) / 100,
    updatedAt: new Date(r.updated_at).toISOString(),
  }));
  const ownerKeys = new Set(list.map((r) => (r.resident_id ? `r:${r.resident_id}` : `h:${r.household_code}`)));
  return { compoundCode, owners, households: h.n, totalArea: list.reduce((s, r) => s + Number(r.area_centi), 0) / 100, ownerCount: ownerKeys.size };
}

async function writeOwner(db: Db, actor: Actor, householdCode: string, input: PutOwnerBody) {
  const place = await findPlace(db, householdCode);
  if (!place || place.level !== 'household') throw errors.field('householdCode', `${householdCode} is not a household`);
  governancePolicy.authorize(actor, 'owners.manage', { placeCode: householdCode });
  if (input.residentId) {
    const r = await findResidentRecord(db, input.residentId);
    if (!r || !r.householdCode.startsWith(householdCode.slice(0, 12))) throw errors.field('residentId', 'the owner must be a resident of this community');
  }
  const values = {
    householdCode,
    compoundCode: householdCode.slice(0, 15),
    countyCode: householdCode.slice(0, 6),
    ownerName: input.ownerName.trim(),
    residentId: input.residentId ?? null,
    areaCenti: toCenti(input.area),
    updatedBy: actor.userId,
    updatedAt: new Date(),
  };
  await db.insert(ownerRoll).values(values).onConflictDoUpdate({ target: ownerRoll.householdCode, set: values });
}

/** Sets the owner and floor area of one household. */
export async function putOwner(db: Db, actor: Actor, householdCode: string, input: PutOwnerBody, req?: FastifyRequest) {
  await writeOwner(db, actor, householdCode, input);
  await recordAudit(db, { actorId: actor.userId, action: 'owners.put', targetKind: 'household', targetId: householdCode }, req);
  return getOwnerRoll(db, actor, householdCode.slice(0, 15));
}

export async function deleteOwner(db: Db, actor: Actor, householdCode: string, req?: FastifyRequest) {
  governancePolicy.authorize(actor, 'owners.manage', { placeCode: householdCode });
  const gone = await db.delete(ownerRoll).where(eq(ownerRoll.householdCode, householdCode)).returning();
  if (!gone.length) throw errors.notFound(`owner of ${householdCode}`);
  await recordAudit(db, { actorId: actor.userId, action: 'owners.delete', targetKind: 'household', targetId: householdCode }, req);
  return getOwnerRoll(db, actor, householdCode.slice(0, 15));
}

/** Imports a roll from xlsx: each good row is written, each bad one reported with its row, column and reason. */
export async function importOwners(db: Db, actor: Actor, compoundCode: string, file: Buffer, req?: FastifyRequest) {
  await compoundOrFail(db, compoundCode, 'query.compound');
  governancePolicy.authorize(actor, 'owners.manage', { placeCode: compoundCode });
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw errors.field('file', '不是有效的 xlsx 文件 (not an xlsx file)');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw errors.field('file', 'the workbook has no sheet');
  const header = (ws.getRow(1).values as unknown[]).slice(1).map((v) => String(v ?? '').trim());
  const col: Record<string, number> = {};
  for (const name of OWNER_COLUMNS) {
    const i = header.indexOf(name);
    if (i < 0) throw errors.field('file', `缺少列 ${name} (missing column ${name})`);
    col[name] = i + 1;
  }
  const rejected: Array<{ row: number; column: string; reason: string }> = [];
  let imported = 0;
  for (let n = 2; n <= ws.rowCount; n++) {
    const row = ws.getRow(n);
    const cell = (name: string) => {
      const v = row.getCell(col[name]).value;
      return v === null || v === undefined ? '' : typeof v === 'object' && 'result' in v ? String(v.result) : String(v).trim();
    };
    const code = cell('房屋编码');
    const name = cell('业主姓名');
    const areaText = cell('建筑面积');
    if (!code && !name && !areaText) continue;
    const reject = (column: string, reason: string) => rejected.push({ row: n, column, reason });
    if (!/^\d{24}$/.test(code) || !code.startsWith(compoundCode)) {
      reject('房屋编码', `不是本小区的房屋编码 (not a household of ${compoundCode})`);
      continue;
    }
    if (!name || name.length > 40) {
      reject('业主姓名', '姓名为空或过长 (blank or too long)');
      continue;
    }
    const area = Number(areaText);
    if (!Number.isFinite(area) || area <= 0 || area > 100000 || Math.abs(area * 100 - Math.round(area * 100)) > 1e-6) {
      reject('建筑面积', '面积须为正数，最多两位小数 (a positive area with at most two decimals)');
      continue;
    }
    const place = await findPlace(db, code);
    if (!place) {
      reject('房屋编码', '房屋不存在 (no such household)');
      continue;
    }
    // Link the owner to the registry when a resident of that household bears the name.
    const [match] = await rows<{ id: string }>(db, sql`SELECT id FROM residents WHERE household_code = ${code} AND name = ${name} LIMIT 1`);
    await writeOwner(db, actor, code, { ownerName: name, area, residentId: match?.id ?? null });
    imported++;
  }
  await recordAudit(db, { actorId: actor.userId, action: 'owners.import', targetKind: 'place', targetId: compoundCode, detail: { imported, rejected: rejected.length } }, req);
  return { imported, rejected };
}

/** The roll as xlsx, in the import's columns (a template when empty). */
export async function exportOwners(db: Db, actor: Actor, compoundCode: string): Promise<Buffer> {
  const roll = await getOwnerRoll(db, actor, compoundCode);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('业主名册');
  ws.addRow([...OWNER_COLUMNS, '房号']);
  for (const o of roll.owners) ws.addRow([o.householdCode, o.ownerName, o.area, o.address]);
  ws.columns.forEach((c, i) => (c.width = [28, 14, 12, 20][i]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * Seeds the owners' roll of compounds from the registry (the demo city): each household's 本人 as its
 * owner, with a floor area from 70 to about 130 m² that varies by floor, room and building.
 */
export async function seedOwnerRolls(db: Db, compoundCodes: string[]) {
  for (const compound of compoundCodes) {
    await db.execute(sql`INSERT INTO owner_roll (household_code, compound_code, county_code, owner_name, resident_id, area_centi)
      SELECT DISTINCT ON (r.household_code) r.household_code, ${compound}, ${compound.slice(0, 6)}, r.name, r.id,
        7000 + substr(r.household_code, 21, 2)::int * 450 + substr(r.household_code, 23, 2)::int * 1234 + substr(r.household_code, 16, 3)::int * 321
      FROM residents r WHERE r.household_code LIKE ${compound + '%'} AND length(r.household_code) = 24
      ORDER BY r.household_code, (r.relation = '本人') DESC, r.birth_date NULLS LAST
      ON CONFLICT DO NOTHING`);
  }
}
