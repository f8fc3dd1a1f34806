/** Chinese ID numbers (GB 11643-1999), mainland mobiles and masking. Pure functions, shared with the web. */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The check character for the first 17 digits. */
export function idCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

export type IdCheck = { ok: true; birthDate: string; gender: '男' | '女' } | { ok: false; reason: string };

/** Validates an 18-character resident ID number: format, real birth date, check digit (X allowed). */
export function checkIdNumber(raw: string): IdCheck {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, reason: '应为18位，前17位为数字，末位为数字或X' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { ok: false, reason: `出生日期 ${id.slice(6, 14)} 不是有效日期` };
  }
  if (date.getTime() > Date.now()) return { ok: false, reason: '出生日期晚于今天' };
  if (idCheckDigit(id) !== id[17]) return { ok: false, reason: '校验位错误' };
  return {
    ok: true,
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    gender: Number(id[16]) % 2 === 1 ? '男' : '女',
  };
}

/** Mainland mobile: 11 digits starting 1[3-9]; a +86/86 prefix and spaces or dashes are tolerated. */
export function normaliseMobile(raw: string): string | null {
  const s = raw.replace(/[\s-]/g, '').replace(/^(\+?86)/, '');
  return /^1[3-9]\d{9}$/.test(s) ? s : null;
}

/** 140602199001011234 → 1406**********123X style: first 4 and last 4 kept. */
export function maskIdNumber(id: string): string {
  return id.length < 8 ? '*'.repeat(id.length) : id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4);
}

/** 13812345678 → 138****5678 */
export function maskMobile(mobile: string): string {
  return mobile.length === 11 ? mobile.slice(0, 3) + '****' + mobile.slice(7) : '*'.repeat(mobile.length);
}

/**
 * Masks every mainland mobile and ID number inside free text (public lists show residents' words
 * but not their numbers): 13812345678 → 138****5678, 14060219900101123X → 1406**********123X.
 */
export function maskNumbersInText(text: string): string {
  return text
    .replace(/(?<![\dA-Za-z])(\d{6})(19|20)(\d{2})(0[1-9]|1[0-2])(\d{2})(\d{3})([\dXx])(?![\dA-Za-z])/g, (m) => maskIdNumber(m.toUpperCase()))
    .replace(/(?<!\d)(?:\+?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)/g, (_m, a: string, _b: string, c: string) => `${a}****${c}`)
    .replace(/(?<!\d)(0\d{2,3})[\s-]?(\d{7,8})(?!\d)/g, (_m, area: string, n: string) => `${area}-${'*'.repeat(n.length - 4)}${n.slice(-4)}`);
}
