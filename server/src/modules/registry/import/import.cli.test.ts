/** `linli import residents` and `linli export residents` as an operator runs them: a real process on a seeded data folder or database. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPlace, runLinli, type DataPlace } from '../../../testing/cli.js';
import type { Database } from '../../../platform/db.js';
import { IMPORT_COLUMNS } from '../../../../../contracts/registry-import.js';
import { idNumber, prng } from '../../../seed/people.js';

const COMMUNITY = '140602001001';
/** The files an operator imports and exports. */
const dir = mkdtempSync(join(tmpdir(), 'linli-import-files-'));
let place: DataPlace;
const linli = (args: string[]) => runLinli(args, { ...place.env, LINLI_DATA_KEY: 'ab'.repeat(32) }, 120_000);
const withDb = <T>(fn: (db: Database) => Promise<T>) => place.withDb(fn);

beforeAll(async () => {
  place = await dataPlace('linli-import-cli-');
  const seeded = linli(['seed']);
  expect(seeded.code, seeded.stderr).toBe(0);
}, 180_000);
afterAll(async () => {
  await place.drop();
});

const rng = prng(77);
const id = (g: '男' | '女') => idNumber(rng, '140602', new Date(Date.UTC(1975, 4, 9)), g);
const goodId = id('女');
const rows = [
  ['命令行甲', '女', goodId, '13700001234', '幸福新邻里小区', '2号楼', '1单元', '801', '本人', '中共党员', '本社区', '常住', ''],
  ['命令行乙', '男', '140602197505091230', '', '幸福新邻里小区', '2号楼', '1单元', '801', '配偶', '群众', '', '常住', ''],
  ['命令行丙', '男', id('男'), '', '没有的小区', '1号楼', '1单元', '101', '本人', '群众', '', '常住', ''],
];
const file = join(dir, '居民.csv');
writeFileSync(file, [IMPORT_COLUMNS.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n');

describe('linli import residents', () => {
  it('bad arguments print usage and exit 2', () => {
    for (const args of [['import', 'people', file, '--community', COMMUNITY], ['import', 'residents', file, '--community', '1406'], ['import', 'residents', file, '--community', COMMUNITY, '--bogus']]) {
      const r = linli(args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toContain('usage');
    }
  }, 90_000);

  it('a missing file or an unknown community exits 1 with one clear line', () => {
    const missing = linli(['import', 'residents', join(dir, 'nope.csv'), '--community', COMMUNITY]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.csv');
    const unknown = linli(['import', 'residents', file, '--community', '140602001999']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('140602001999');
  }, 90_000);

  it('--json prints exactly {imported, updated, rejected}; a second run changes nothing', () => {
    const first = linli(['import', 'residents', file, '--community', COMMUNITY, '--json']);
    expect(first.code, first.stderr).toBe(0);
    const out = JSON.parse(first.stdout);
    expect(Object.keys(out)).toEqual(['imported', 'updated', 'rejected']);
    expect(out).toEqual({
      imported: 1,
      updated: 0,
      rejected: [
        { row: 3, column: '身份证号', reason: expect.any(String) },
        { row: 4, column: '小区', reason: expect.stringContaining('没有的小区') },
      ],
    });
    expect(first.stderr).toMatch(/100%/);
    const again = JSON.parse(linli(['import', 'residents', file, '--community', COMMUNITY, '--json']).stdout);
    expect(again).toEqual({ ...out, imported: 0 });
    const text = linli(['import', 'residents', file, '--community', COMMUNITY]);
    expect(text.stdout).toContain('新增 0 人，更新 0 人');
    expect(text.stdout).toContain('第4行 小区');
  }, 90_000);

  it('--create-places creates the unknown compound', () => {
    const r = JSON.parse(linli(['import', 'residents', file, '--community', COMMUNITY, '--json', '--create-places']).stdout);
    expect(r).toMatchObject({ imported: 1, updated: 0 });
    expect(r.rejected.map((x: { row: number }) => x.row)).toEqual([3]);
  });
});

describe('linli export residents', () => {
  async function read(path: string) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
    const out: string[][] = [];
    wb.worksheets[0].eachRow((r) => out.push(IMPORT_COLUMNS.map((_, i) => String(r.getCell(i + 1).value ?? ''))));
    return out;
  }

  it('writes masked numbers by default; --unmasked writes them in full and is audited', async () => {
    const masked = join(dir, 'masked.xlsx');
    const r = linli(['export', 'residents', '--place', '140602001001001002', '--out', masked]);
    expect(r.code, r.stderr).toBe(0);
    const sheet = await read(masked);
    expect(sheet[0]).toEqual([...IMPORT_COLUMNS]);
    const mine = sheet.find((row) => row[0] === '命令行甲')!;
    expect(mine[2]).toBe(goodId.slice(0, 4) + '**********' + goodId.slice(-4));
    expect(mine[3]).toBe('137****1234');
    const full = join(dir, 'full.xlsx');
    expect(linli(['export', 'residents', '--place', '140602001001001002', '--out', full, '--unmasked']).code).toBe(0);
    expect((await read(full)).find((row) => row[0] === '命令行甲')![2]).toBe(goodId);
    const audit = await withDb((db) => db.query<{ detail: { masked: boolean; via: string } }>("SELECT detail FROM audit_log WHERE action = 'resident.export' ORDER BY id"));
    expect(audit.map((a) => a.detail.masked)).toEqual([true, false]);
    expect(audit[1].detail.via).toMatch(/^cli:/);
    expect(linli(['export', 'residents', '--place', '140602001001999', '--out', full]).code).toBe(1);
    expect(linli(['export', 'residents', '--out', full]).code).toBe(2);
  }, 180_000);
});
