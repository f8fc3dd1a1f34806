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
