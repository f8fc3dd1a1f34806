import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/harness.js';
import type { Database } from './db.js';
import { searchText, searchTokens, tokenSimilarity, toTsQuery } from './search.js';

let db: Database & { drop(): Promise<void> };
beforeAll(async () => {
  db = await createTestDatabase();
  await db.exec('CREATE TABLE docs (id int, body text)');
  const rows = ['小区楼道杂物乱堆影响消防通道', '3号楼电梯故障，老人下不了楼', '广场舞噪音扰民，晚上十点还在跳', "O'Brien 的车乱停 \\ 占了消防通道"];
  for (const [i, body] of rows.entries()) await db.query('INSERT INTO docs VALUES ($1, $2)', [i + 1, searchText(body)]);
});
afterAll(() => db?.drop());

const find = async (q: string) =>
  (await db.query<{ id: number }>("SELECT id FROM docs WHERE to_tsvector('simple', body) @@ to_tsquery('simple', $1) ORDER BY id", [toTsQuery(q)])).map((r) => r.id);

describe('Chinese full-text search', () => {
  it('segments with jieba in search mode', () => {
    expect(searchTokens('小区楼道杂物乱堆影响消防通道')).toEqual(expect.arrayContaining(['楼道', '杂物', '乱堆', '消防', '通道', '消防通道']));
  });

  it('finds documents by Chinese words, all words required', async () => {
    expect(await find('消防通道')).toEqual([1, 4]);
    expect(await find('杂物 消防')).toEqual([1]);
    expect(await find('电梯')).toEqual([2]);
    expect(await find('噪音')).toEqual([3]);
    expect(await find('电梯 噪音')).toEqual([]);
  });

  it('takes hostile query text as words, never as tsquery syntax', async () => {
    for (const q of ["O'Brien", '\\', '& | ! ( ) :*', "'); DROP TABLE docs; --"]) await expect(find(q)).resolves.toBeInstanceOf(Array);
    expect(await find("O'Brien")).toEqual([4]);
    expect(toTsQuery('，。！')).toBe('');
  });

  it('scores similar complaints above unrelated ones', () => {
    const a = searchTokens('楼道杂物乱堆堵住消防通道');
    expect(tokenSimilarity(a, searchTokens('楼道里杂物乱堆，消防通道被堵'))).toBeGreaterThan(tokenSimilarity(a, searchTokens('广场舞噪音扰民')));
  });
});
