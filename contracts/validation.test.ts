import { describe, expect, it } from 'vitest';
import { checkIdNumber, idCheckDigit, maskIdNumber, maskMobile, normaliseMobile } from './validation.js';

describe('ID numbers (GB 11643)', () => {
  it('accepts a valid number and derives birth date and gender', () => {
    // 11010519491231002X is the standard's own example.
    expect(checkIdNumber('11010519491231002X')).toEqual({ ok: true, birthDate: '1949-12-31', gender: '女' });
    expect(checkIdNumber('11010519491231002x').ok).toBe(true);
  });
  it('computes X as a check digit', () => {
    expect(idCheckDigit('11010519491231002')).toBe('X');
  });
  it('rejects a wrong check digit', () => {
    const r = checkIdNumber('110105194912310021');
    expect(r).toEqual({ ok: false, reason: '校验位错误' });
  });
  it('rejects 30 February even with a matching check digit', () => {
    const first17 = '14060219900230001';
    const r = checkIdNumber(first17 + idCheckDigit(first17));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain('19900230');
  });
  it('accepts 29 February of a leap year only', () => {
    const leap = '14060220000229001';
    const notLeap = '14060219000229001';
    expect(checkIdNumber(leap + idCheckDigit(leap)).ok).toBe(true);
    expect(checkIdNumber(notLeap + idCheckDigit(notLeap)).ok).toBe(false);
  });
  it('rejects wrong length and letters in the middle', () => {
    expect(checkIdNumber('1406021990010100').ok).toBe(false);
    expect(checkIdNumber('14060219900101A01X').ok).toBe(false);
  });
});

describe('mobiles and masks', () => {
  it('normalises mainland mobiles and refuses others', () => {
    expect(normaliseMobile('+86 138-1234-5678')).toBe('13812345678');
    expect(normaliseMobile('12812345678')).toBeNull();
    expect(normaliseMobile('1381234567')).toBeNull();
  });
  it('masks as the registry shows them', () => {
    expect(maskIdNumber('14060219900101123X')).toBe('1406**********123X');
    expect(maskMobile('13812345678')).toBe('138****5678');
  });
});

describe('numbers inside text', () => {
  it('masks mobiles, ID numbers and landlines wherever they appear, and leaves other numbers', async () => {
    const { maskNumbersInText } = await import('./validation.js');
    expect(maskNumbersInText('请联系我13812345678，身份证14060219900101123x。')).toBe('请联系我138****5678，身份证1406**********123X。');
    expect(maskNumbersInText('电话 +86 139-0349-1234 或 0349-2162687')).toBe('电话 139****1234 或 0349-***2687');
    expect(maskNumbersInText('3号楼2单元1502室，2026年11月22日，共12户')).toBe('3号楼2单元1502室，2026年11月22日，共12户');
    expect(maskNumbersInText('编号140602001001001001010101')).toBe('编号140602001001001001010101');
  });
});
