import { createWeightedPicker, type Random } from './random.js';

/** A name to show and the ASCII form an e-mail address is built from. */
export interface PersonName {
  display: string;
  emailLocal: string;
}

// [hanzi, pinyin], the most common surnames first: a few surnames cover most people in China.
const SURNAMES = pairs(`
  王 wang  李 li  张 zhang  刘 liu  陈 chen  杨 yang  黄 huang  赵 zhao  吴 wu  周 zhou  徐 xu  孙 sun  马 ma
  朱 zhu  胡 hu  郭 guo  何 he  高 gao  林 lin  罗 luo  郑 zheng  梁 liang  谢 xie  宋 song  唐 tang  许 xu
  韩 han  冯 feng  邓 deng  曹 cao  彭 peng  曾 zeng  肖 xiao  田 tian  董 dong  袁 yuan  潘 pan  于 yu
  蒋 jiang  蔡 cai  余 yu  杜 du  叶 ye  程 cheng  苏 su  魏 wei  吕 lv  丁 ding  任 ren  沈 shen
`);

const GIVEN_NAMES = pairs(`
  伟 wei  芳 fang  娜 na  秀英 xiuying  敏 min  静 jing  丽 li  强 qiang  磊 lei  军 jun  洋 yang  勇 yong
  艳 yan  杰 jie  娟 juan  涛 tao  明 ming  超 chao  秀兰 xiulan  霞 xia  平 ping  刚 gang  桂英 guiying
  婷 ting  浩然 haoran  子涵 zihan  欣怡 xinyi  梓轩 zixuan  宇航 yuhang  思彤 sitong  雨桐 yutong  俊杰 junjie
  佳怡 jiayi  一诺 yinuo  志强 zhiqiang  建华 jianhua  晓明 xiaoming  丹 dan  鹏 peng  辉 hui  玲 ling  雪 xue
  琳 lin  博 bo  晨 chen  颖 ying  文博 wenbo  嘉欣 jiaxin  梦琪 mengqi  天宇 tianyu
`);

const FIRST_NAMES = words(`
  James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Barbara Richard
  Susan Joseph Jessica Thomas Sarah Daniel Karen Matthew Emily Anthony Olivia Mark Sophie Oliver
  Emma Lucas Mia Noah Charlotte Liam Amelia Ethan Hannah Lukas Léa Hugo Chloé Arjun Priya Rahul
  Ananya Kenji Yuki Gabriel Ana Rafael Beatriz
`);

const LAST_NAMES = words(`
  Smith Johnson Williams Brown Jones Garcia Miller Davis Wilson Anderson Taylor Thomas Moore Martin
  Jackson Thompson White Harris Clark Lewis Walker Hall Young King O'Brien Evans Hughes Wright
  Roberts Green Müller Schmidt Schneider Fischer Dubois Moreau Laurent Lefèvre Sharma Patel Iyer
  Tanaka Sato Suzuki Silva Santos Oliveira Tan Lim Nguyen
`);

// Zipf-like: the top surname is about seven times as common as the fiftieth.
const pickSurname = createWeightedPicker(SURNAMES, (_, rank) => 1 / (rank + 2) ** 0.6);

export function generateChineseName(random: Random): PersonName {
  const [surname, surnamePinyin] = pickSurname(random);
  const [given, givenPinyin] = random.pick(GIVEN_NAMES);
  return { display: `${surname}${given}`, emailLocal: `${givenPinyin}.${surnamePinyin}` };
}

export function generateEnglishName(random: Random): PersonName {
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  return { display: `${first} ${last}`, emailLocal: `${toAscii(first)}.${toAscii(last)}` };
}

/** Léa O'Brien -> lea.obrien: accents and apostrophes do not belong in a demo address. */
function toAscii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word.length > 0);
}

/** "王 wang  李 li" -> [['王', 'wang'], ['李', 'li']] */
function pairs(text: string): (readonly [string, string])[] {
  const tokens = words(text);
  return tokens.flatMap((token, index) => (index % 2 === 0 ? [[token, tokens[index + 1]!] as const] : []));
}
