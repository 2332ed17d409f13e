import type { ComplaintCategory } from '@aftercare/db';

/** What customers write, by category: the demo's complaints (Chinese for most, as in the shop). */
export const DEMO_TEXTS: Record<ComplaintCategory, readonly string[]> = {
  quality: [
    '收到的水壶用了三天就坏了，要求退货',
    '质量太差了，开机没多久就没反应了',
    '漏水，桌子都湿了，希望尽快处理',
    '外壳有裂缝，一看就是次品',
    '电源线发烫，有一股焦味，不敢再用了',
    '第二次买了，这次做工明显不如上次',
    'Stopped working after a week, very disappointed',
    'The lid cracked on the first use, I want a replacement',
  ],
  logistics: [
    '快递五天了还没到，物流一直不更新',
    '包装破损，东西摔坏了',
    '送错货了，我买的不是这个颜色',
    '快递员没打电话就放驿站了',
    '说好次日达，结果拖了一个星期',
    'The parcel never arrived and tracking shows nothing',
  ],
  service: [
    '客服态度很差，问了三次都没人回',
    '申请退款一个星期了还没处理',
    '售后一直推卸责任，再也不买了',
    '电话一直打不通，在线客服只会复制粘贴',
    'Support ignored my emails for a week',
  ],
  advertising: [
    '宣传说是纯铜的，收到是铝的，虚假宣传',
    '详情页写一年质保，客服说只有三个月',
    '图片和实物差别太大，颜色完全不一样',
    'Not as described: the listing said stainless steel',
  ],
  other: [
    '建议以后包装里附一张中文说明书',
    '希望能增加一个保温功能',
    '发票开错了抬头，麻烦重新开一张',
    'It would be nice if the app showed the warranty date',
  ],
};

/** How complaints split by category in practice (DOMAIN.md: quality about 40%). */
export const CATEGORY_SHARE: readonly [ComplaintCategory, number][] = [
  ['quality', 0.4],
  ['logistics', 0.25],
  ['service', 0.2],
  ['advertising', 0.08],
  ['other', 0.07],
];
