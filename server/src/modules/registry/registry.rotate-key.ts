/** `linli rotate-key`: re-encrypts every stored personal number with a new data key, resumably. */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Database } from '../../platform/db.js';
import { loadDataKey, PersonalDataCipher } from '../../platform/crypto.js';
import { progressBar } from '../../platform/progress.js';
import { UsageError, withDatabase, type Command } from '../../platform/cli.js';

/** Encrypted columns and their look-up hashes (null: none), per table. */
const ENCRYPTED: Array<{ table: string; pairs: Array<[enc: string, hash: string | null]> }> = [
  { table: 'residents', pairs: [['id_number_enc', 'id_number_hash'], ['mobile_enc', 'mobile_hash']] },
  { table: 'gig_workers', pairs: [['mobile_enc', 'mobile_hash']] },
  { table: 'tickets', pairs: [['reporter_phone_enc', null]] },
];

const BATCH = 1000;

/**
 * Re-encrypts and re-hashes rows in primary-key order, a batch per transaction. Rows already under
 * the new key are skipped, so an interrupted rotation is finished by running it again.
 */
export async function rotateDataKey(database: Database, from: PersonalDataCipher, to: PersonalDataCipher, onProgress?: (done: number, total: number, what: string) => void) {
  let changed = 0;
  const totals = await Promise.all(ENCRYPTED.map(async (t) => (await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t.table}`))[0].n));
  const total = totals.reduce((a, b) => a + b, 0);
  let done = 0;
  for (const t of ENCRYPTED) {
    const encCols = t.pairs.map(([e]) => e).join(', ');
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await database.query<Record<string, string | null>>(`SELECT id::text AS id, ${encCols} FROM ${t.table} WHERE id > $1 ORDER BY id LIMIT ${BATCH}`, [after]);
      if (!rows.length) break;
      after = rows[rows.length - 1].id!;
      const updates: Array<{ id: string; values: Array<string | null> }> = [];
      for (const row of rows) {
        const values: Array<string | null> = [];
        let dirty = false;
        for (const [enc] of t.pairs) {
          const token = row[enc];
          if (!token) {
            values.push(null, null);
            continue;
          }
          if (token.split('.')[1] === to.dataKey.id) {
            const plain = to.decrypt(token);
            values.push(token, to.hash(plain));
            continue;
          }
          const plain = from.decrypt(token);
          values.push(to.encrypt(plain), to.hash(plain));
          dirty = true;
        }
        if (dirty) updates.push({ id: row.id!, values });
      }
      if (updates.length) {
        await database.transaction(async (c) => {
          for (const u of updates) {
            const sets: string[] = [];
            const params: Array<string | null> = [u.id];
            t.pairs.forEach(([enc, hash], i) => {
              params.push(u.values[i * 2]);
              sets.push(`${enc} = $${params.length}`);
              if (hash) {
                params.push(u.values[i * 2 + 1]);
                sets.push(`${hash} = $${params.length}`);
              }
            });
            await c.query(`UPDATE ${t.table} SET ${sets.join(', ')} WHERE id = $1`, params);
            // A ticket's registration event keeps the caller's phone too: the projection is rebuilt from it.
            if (t.table === 'tickets' && u.values[0]) {
              await c.query(
                `UPDATE ticket_events SET data = jsonb_set(data, '{reporterPhoneEnc}', to_jsonb($2::text)) WHERE ticket_id = $1 AND type = 'register' AND data->>'reporterPhoneEnc' IS NOT NULL`,
                [u.id, u.values[0]],
              );
            }
          }
        });
        changed += updates.length;
      }
      done += rows.length;
      onProgress?.(done, total, t.table);
    }
  }
  onProgress?.(total, total, '完成');
  return { rows: total, changed };
}

export const rotateKeyCommand: Command = {
  usage:
    'linli rotate-key [--new-key-file <file>]\n' +
    '  Re-encrypt residents’ ID numbers and mobiles with a new data key. Stop the server first.\n' +
    '  Without --new-key-file a key is generated. With the key file (no LINLI_DATA_KEY), the new key\n' +
    '  replaces it and the old one is kept beside it as data.key.old-<time>. Safe to run again if interrupted.',
  options: { 'new-key-file': { type: 'string' } },
  run: (v) =>
    withDatabase(async ({ config, database }) => {
      const from = new PersonalDataCipher(loadDataKey(config));
      let newHex: string;
      if (v['new-key-file']) {
        const file = String(v['new-key-file']);
        if (!existsSync(file)) throw new UsageError(`--new-key-file ${file} does not exist`);
        newHex = readFileSync(file, 'utf8').trim();
        if (!/^[0-9a-fA-F]{64}$/.test(newHex)) throw new UsageError(`--new-key-file ${file} must hold 64 hex characters`);
      } else if (config.dataKey) {
        throw new UsageError('LINLI_DATA_KEY is set: give the new key with --new-key-file, then set LINLI_DATA_KEY to it');
      } else {
        // Kept on disk before any row changes, so a crash never leaves rows under a key that exists nowhere.
        const pending = `${config.dataKeyFile}.new`;
        if (existsSync(pending)) newHex = readFileSync(pending, 'utf8').trim();
        else {
          newHex = randomBytes(32).toString('hex');
          writeFileSync(pending, newHex + '\n', { mode: 0o600 });
        }
      }
      const to = new PersonalDataCipher(loadDataKey({ dataKey: newHex, dataKeyFile: '' }));
      if (to.dataKey.id === from.dataKey.id) throw new UsageError('the new key is the current key');
      const { rows, changed } = await rotateDataKey(database, from, to, progressBar('rotate-key'));
      if (!config.dataKey) {
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        renameSync(config.dataKeyFile, `${config.dataKeyFile}.old-${stamp}`);
        writeFileSync(config.dataKeyFile, newHex + '\n', { mode: 0o600 });
        rmSync(`${config.dataKeyFile}.new`, { force: true });
        console.log(`re-encrypted ${changed} of ${rows} rows; the new key is in ${config.dataKeyFile} (key id ${to.dataKey.id}), the old one in ${config.dataKeyFile}.old-${stamp}`);
      } else {
        console.log(`re-encrypted ${changed} of ${rows} rows with key id ${to.dataKey.id}; now set LINLI_DATA_KEY to the content of ${v['new-key-file']}`);
      }
    }),
};
