import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataKey, PersonalDataCipher } from './crypto.js';

describe('personal-data cipher', () => {
  const cipher = new PersonalDataCipher({ id: 'k1', key: Buffer.alloc(32, 1) });

  it('round-trips and never produces the same ciphertext twice', () => {
    const a = cipher.encrypt('14060219900101123X');
    expect(a).not.toBe(cipher.encrypt('14060219900101123X'));
    expect(cipher.decrypt(a)).toBe('14060219900101123X');
  });

  it('gives every encryption an IV of its own, across blocks of random bytes', () => {
    // 10,000 encryptions span three of the 4,096-IV blocks.
    const ivs = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const token = cipher.encrypt(`1381234${String(i).padStart(4, '0')}`);
      ivs.add(token.split('.')[2]);
      if (i % 997 === 0) expect(cipher.decrypt(token)).toBe(`1381234${String(i).padStart(4, '0')}`);
    }
    expect(ivs.size).toBe(10_000);
  });

  it('detects tampering', () => {
    const parts = cipher.encrypt('13812345678').split('.');
    parts[4] = Buffer.from('13812345679').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'))).toThrow();
  });

  it('hashes case- and space-insensitively, keyed', () => {
    expect(cipher.hash(' 14060219900101123x')).toBe(cipher.hash('14060219900101123X'));
    const other = new PersonalDataCipher({ id: 'k2', key: Buffer.alloc(32, 2) });
    expect(other.hash('14060219900101123X')).not.toBe(cipher.hash('14060219900101123X'));
  });

  it('creates a key file on first use and reads it after', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'linli-key-')), 'sub', 'data.key');
    const k1 = loadDataKey({ dataKey: null, dataKeyFile: file });
    expect(readFileSync(file, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(loadDataKey({ dataKey: null, dataKeyFile: file }).key.equals(k1.key)).toBe(true);
  });
});
