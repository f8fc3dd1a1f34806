/** Personal data at rest: AES-256-GCM encryption and a keyed hash (HMAC-SHA256) for look-up. */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface DataKey {
  /** Key id stored with each ciphertext, so a rotation can tell old from new. */
  id: string;
  key: Buffer;
}

/** Loads the data key from config or key file; creates the key file on first start. */
export function loadDataKey(opts: { dataKey: string | null; dataKeyFile: string }): DataKey {
  let hex = opts.dataKey;
  if (!hex) {
    if (!existsSync(opts.dataKeyFile)) {
      mkdirSync(dirname(opts.dataKeyFile), { recursive: true });
      writeFileSync(opts.dataKeyFile, randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
    }
    hex = readFileSync(opts.dataKeyFile, 'utf8').trim();
    if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error(`key file ${opts.dataKeyFile} must hold 64 hex characters`);
  }
  const key = Buffer.from(hex, 'hex');
  return { key, id: createHmac('sha256', key).update('linli-key-id').digest('hex').slice(0, 8) };
}

/**
 * Initialisation vectors: 96 random bits each, cut from a block of CSPRNG output taken 4,096 at a time.
 * Asking the CSPRNG for 12 bytes per encryption cost ~7 µs a call here, the largest single cost of an
 * import; a block costs the same once. The IVs are as random and as unique as before.
 */
const IV_BYTES = 12;
const IV_BLOCK = IV_BYTES * 4096;
let ivBlock = Buffer.alloc(0);
let ivOffset = 0;
function nextIv(): Buffer {
  if (ivOffset + IV_BYTES > ivBlock.length) {
    ivBlock = randomBytes(IV_BLOCK);
    ivOffset = 0;
  }
  const iv = ivBlock.subarray(ivOffset, ivOffset + IV_BYTES);
  ivOffset += IV_BYTES;
  return iv;
}

/** Personal-data cipher bound to one key. */
export class PersonalDataCipher {
  private readonly hashKey: Buffer;
  constructor(readonly dataKey: DataKey) {
    // A separate sub-key for hashing, so the look-up hash never reveals anything about the encryption key.
    this.hashKey = createHmac('sha256', dataKey.key).update('linli-lookup-hash').digest();
  }

  /** "v1.<keyId>.<iv>.<tag>.<ciphertext>", base64url parts. */
  encrypt(plain: string): string {
    const iv = nextIv();
    const c = createCipheriv('aes-256-gcm', this.dataKey.key, iv);
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return ['v1', this.dataKey.id, iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
  }

  decrypt(token: string): string {
    const [v, keyId, iv, tag, ct] = token.split('.');
    if (v !== 'v1' || !ct) throw new Error('not a Linli ciphertext');
    if (keyId !== this.dataKey.id) throw new Error(`ciphertext was made with key ${keyId}, current key is ${this.dataKey.id}`);
    const d = createDecipheriv('aes-256-gcm', this.dataKey.key, Buffer.from(iv, 'base64url'));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
  }

  /** Keyed hash of a normalised value, for exact look-up and de-duplication. */
  hash(value: string): string {
    return createHmac('sha256', this.hashKey).update(value.trim().toUpperCase()).digest('hex');
  }
}
