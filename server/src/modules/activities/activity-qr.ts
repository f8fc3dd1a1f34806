/**
 * The check-in QR code: a signed, time-limited token the leader's screen shows and a resident's phone
 * scans. "<payload>.<signature>", base64url; the payload names the activity, in or out, the expiry and
 * a nonce. HMAC-SHA256 with a key derived from the data key, so no new secret is needed and a token
 * can be neither forged nor altered. Each token works once per resident (the nonce is recorded on use).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PersonalDataCipher } from '../../platform/crypto.js';
import { errors } from '../../platform/errors.js';

/** How long a shown code stays valid; the leader's page shows a fresh one well before this. */
export const QR_TTL_SECONDS = 90;

export type QrKind = 'in' | 'out';
export interface QrPayload {
  activityId: string;
  kind: QrKind;
  /** Expiry, epoch seconds. */
  exp: number;
  nonce: string;
}

const keys = new WeakMap<PersonalDataCipher, Buffer>();
function keyOf(cipher: PersonalDataCipher) {
  let k = keys.get(cipher);
  if (!k) {
    k = createHmac('sha256', cipher.dataKey.key).update('linli-activity-qr').digest();
    keys.set(cipher, k);
  }
  return k;
}

/** Signs a code for an activity, valid `ttl` seconds from `now`. */
export function signQr(cipher: PersonalDataCipher, activityId: string, kind: QrKind, now = new Date(), ttl = QR_TTL_SECONDS) {
  const payload: QrPayload = { activityId, kind, exp: Math.floor(now.getTime() / 1000) + ttl, nonce: randomBytes(9).toString('base64url') };
  const body = Buffer.from(JSON.stringify([payload.activityId, payload.kind, payload.exp, payload.nonce])).toString('base64url');
  const sig = createHmac('sha256', keyOf(cipher)).update(body).digest('base64url');
  return { token: `${body}.${sig}`, payload };
}

/** Checks signature and expiry; throws a 400/409 naming `token` otherwise. */
export function verifyQr(cipher: PersonalDataCipher, token: string, now = new Date()): QrPayload {
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined) throw errors.field('token', '不是有效的签到码 (not a check-in code)');
  const want = createHmac('sha256', keyOf(cipher)).update(body).digest();
  const got = Buffer.from(sig, 'base64url');
  if (got.length !== want.length || !timingSafeEqual(got, want)) throw errors.field('token', '签到码无效 (the code’s signature does not match)');
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw errors.field('token', '不是有效的签到码 (not a check-in code)');
  }
  const [activityId, kind, exp, nonce] = parts as [string, QrKind, number, string];
  if (exp * 1000 < now.getTime()) throw errors.conflict('签到码已过期，请扫描最新的二维码 (the code has expired; scan the current one)', [{ field: 'token', message: 'expired' }]);
  return { activityId, kind, exp, nonce };
}
