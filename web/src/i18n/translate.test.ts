import { describe, expect, it } from 'vitest';
import { PLACE_LEVELS, ROLES } from '../../../contracts/roles';
import { en } from './en';
import { isMessageKey, translate } from './translate';
import { zhCN } from './zh-CN';

describe('translate', () => {
  it('has an English text for every Chinese key, and no empty text', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    for (const [key, text] of [...Object.entries(zhCN), ...Object.entries(en)]) expect(text, key).not.toBe('');
  });

  it('names every role and every place level', () => {
    for (const role of ROLES) expect(isMessageKey(`role.${role}`), role).toBe(true);
    for (const level of PLACE_LEVELS) expect(isMessageKey(`level.${level}`), level).toBe(true);
    expect(translate('zh-CN', 'role.grid_worker')).toBe('网格员');
    expect(translate('zh-CN', 'level.township')).toBe('街道乡镇');
  });

  it('fills placeholders and leaves unknown ones alone', () => {
    expect(translate('zh-CN', 'org.childrenOf', { name: '1号楼', n: 2 })).toBe('1号楼的下级（2）');
    expect(translate('en', 'org.childrenOf', { name: 'X' })).toBe('Under X ({n})');
  });
});
