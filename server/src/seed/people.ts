/** Synthetic people for seeds and benchmarks: names, valid-looking ID numbers, mobiles. Deterministic per seed. */
import { idCheckDigit } from '../../../contracts/validation.js';

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof prng>;

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN_M = '伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘';
const GIVEN_F = '秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽';

export function personName(rng: Rng, gender: '男' | '女'): string {
  const pool = gender === '男' ? GIVEN_M : GIVEN_F;
  const given = rng.chance(0.7) ? rng.pick([...pool]) + rng.pick([...pool]) : rng.pick([...pool]);
  return rng.pick([...SURNAMES]) + given;
}

/** An 18-character ID number with a real birth date and a correct check digit. */
export function idNumber(rng: Rng, countyCode: string, birth: Date, gender: '男' | '女'): string {
  const ymd = birth.toISOString().slice(0, 10).replaceAll('-', '');
  const seq = rng.int(0, 99) * 10 + (gender === '男' ? rng.pick([1, 3, 5, 7, 9]) : rng.pick([0, 2, 4, 6, 8]));
  const first17 = countyCode + ymd + String(seq).padStart(3, '0');
  return first17 + idCheckDigit(first17);
}

const PREFIXES = ['130', '131', '132', '135', '136', '137', '138', '139', '150', '151', '152', '155', '157', '158', '159', '166', '176', '177', '180', '182', '185', '186', '187', '188', '189', '191', '198', '199'];

export function mobile(rng: Rng): string {
  return rng.pick(PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

/** A birth date for an age in years, relative to `today`. */
export function birthDateForAge(rng: Rng, age: number, today = new Date()): Date {
  const d = new Date(Date.UTC(today.getUTCFullYear() - age, 0, 1));
  d.setUTCDate(d.getUTCDate() - rng.int(0, 364));
  return d;
}
