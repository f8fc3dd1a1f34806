/** `linli` commands of the registry module: import residents from xlsx/CSV, export a subtree to xlsx. */
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { userInfo } from 'node:os';
import { finished } from 'node:stream/promises';
import { cipherFor, UsageError, withDatabase, type Command } from '../../platform/cli.js';
import { AppError } from '../../platform/errors.js';
import { progressBar } from '../../platform/progress.js';

function operator() {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

function expectResidents(positionals: string[], count: number, usage: string) {
  if (positionals[0] !== 'residents') throw new UsageError(`what to ${usage}? only "residents" is supported`);
  if (positionals.length !== count) throw new UsageError(count === 2 ? 'give exactly one file' : 'unexpected arguments: ' + positionals.slice(1).join(' '));
}

/** Expected failures (unknown community, unreadable file) end with one line and exit 1. */
async function orFail(name: string, fn: () => Promise<number | void>): Promise<number | void> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AppError) {
      console.error(`linli ${name}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

export const registryCommands: Record<string, Command> = {
  import: {
    usage:
      'linli import residents <file.xlsx|file.csv> --community <12-digit code> [--create-places] [--json]\n' +
      '  Import residents into a community from the 居民导入模板 (xlsx, or CSV in UTF-8 or GBK/GB18030).\n' +
      '  Each row is imported whole or rejected with its row number, column and reason; importing the same\n' +
      '  file again changes nothing. --create-places creates unknown 小区/楼栋/单元 instead of rejecting the row.\n' +
      '  --json prints {"imported": n, "updated": n, "rejected": [{"row", "column", "reason"}]} on stdout.',
    options: { community: { type: 'string' }, 'create-places': { type: 'boolean' }, json: { type: 'boolean' } },
    positionals: true,
    run: async (v, positionals) => {
      expectResidents(positionals, 2, 'import');
      const community = v.community as string | undefined;
      if (!community) throw new UsageError('--community is required');
      if (!/^\d{12}$/.test(community)) throw new UsageError(`--community must be a 12-digit community code, got "${community}"`);
      const path = positionals[1];
      if (!existsSync(path) || !statSync(path).isFile()) {
        console.error(`linli import: no such file: ${path}`);
        return 1;
      }
      return withDatabase(({ config, database }) =>
        orFail('import', async () => {
          const { importFile } = await import('./import/import.service.js');
          const { copyWriterFor } = await import('./import/import.copy.js');
          const bar = progressBar('导入 import');
          const s = await importFile(database.db, cipherFor(config), {
            path,
            fileName: basename(path),
            communityCode: community,
            createPlaces: v['create-places'] === true,
            operator: operator(),
            writers: database.engine === 'postgres' ? 2 : 1,
            copy: copyWriterFor(database),
            onProgress: (done, total) => bar(done, total, `${done}/${total}`),
          });
          if (v.json) {
            process.stdout.write(JSON.stringify({ imported: s.imported, updated: s.updated, rejected: s.rejected }) + '\n');
            return;
          }
          const lines = [`导入完成：共 ${s.total} 行，新增 ${s.imported} 人，更新 ${s.updated} 人，无变化 ${s.total - s.imported - s.updated - s.rejected.length} 人，未导入 ${s.rejected.length} 行`];
          for (const r of s.rejected.slice(0, 20)) lines.push(`  第${r.row}行 ${r.column}：${r.reason}`);
          if (s.rejected.length > 20) lines.push(`  …… 另有 ${s.rejected.length - 20} 行未导入（用 --json 查看全部）`);
          console.log(lines.join('\n'));
        }),
      );
    },
  },
  export: {
    usage:
      'linli export residents --place <code> --out <file.xlsx> [--unmasked]\n' +
      '  Export the residents at and under a place to xlsx, in the import template’s columns.\n' +
      '  ID numbers and mobiles are masked; --unmasked writes them in full and is recorded in the audit log.',
    options: { place: { type: 'string' }, out: { type: 'string' }, unmasked: { type: 'boolean' } },
    positionals: true,
    run: async (v, positionals) => {
      expectResidents(positionals, 1, 'export');
      const place = v.place as string | undefined;
      const out = v.out as string | undefined;
      if (!place || !/^\d{4,24}$/.test(place)) throw new UsageError('--place must be a place code (digits)');
      if (!out) throw new UsageError('--out is required');
      return withDatabase(({ config, database }) =>
        orFail('export', async () => {
          const { prepareExport } = await import('./import/export.service.js');
          const prepared = await prepareExport(database.db, cipherFor(config), null, { placeCode: place, reveal: v.unmasked === true, via: `cli:${operator()}` });
          const file = createWriteStream(out);
          const n = await prepared.write(file);
          await finished(file);
          console.log(`已导出 ${n} 人到 ${out}${v.unmasked ? '（完整证件号和手机号，已记入审计日志）' : '（证件号和手机号已脱敏）'}`);
        }),
      );
    },
  },
};
