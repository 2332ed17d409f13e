import type { ProductInput } from '@aftercare/reference';
import { createRandom, createWeightedPicker, type Random } from './random.js';

interface Category {
  name: string;
  weight: number;
  brands: readonly string[];
  kinds: readonly string[];
  /** Price range in the shop's currency; prices are drawn log-uniformly inside it. */
  price: readonly [number, number];
  warrantyMonths: readonly number[];
}

const CATEGORIES: readonly Category[] = [
  {
    name: 'electronics',
    weight: 20,
    brands: ['Huawei', 'Xiaomi', 'OPPO', 'vivo', 'Lenovo', 'Anker', 'Sony', 'Apple'],
    kinds: [
      'Smartphone 智能手机',
      'Wireless Earbuds 无线耳机',
      'Tablet 平板电脑',
      'Smartwatch 智能手表',
      'Power Bank 充电宝',
      'Laptop 笔记本电脑',
      'Bluetooth Speaker 蓝牙音箱',
    ],
    price: [49, 8999],
    warrantyMonths: [12, 12, 24],
  },
  {
    name: 'home-appliances',
    weight: 15,
    brands: ['Midea', 'Haier', 'Gree', 'Joyoung', 'Supor', 'Philips', 'Dyson'],
    kinds: [
      'Rice Cooker 电饭煲',
      'Air Fryer 空气炸锅',
      'Robot Vacuum 扫地机器人',
      'Air Purifier 空气净化器',
      'Water Heater 热水器',
      'Washing Machine 洗衣机',
      'Soymilk Maker 豆浆机',
    ],
    price: [129, 6999],
    warrantyMonths: [12, 24, 36],
  },
  {
    name: 'apparel',
    weight: 18,
    brands: ['Uniqlo', 'Li-Ning', 'Bosideng', 'Semir', 'Peacebird', 'Zara'],
    kinds: [
      'Down Jacket 羽绒服',
      'Cotton T-Shirt T恤',
      'Jeans 牛仔裤',
      'Hoodie 卫衣',
      'Dress 连衣裙',
      'Wool Sweater 羊毛衫',
    ],
    price: [39, 1299],
    warrantyMonths: [0],
  },
  {
    name: 'beauty',
    weight: 12,
    brands: ['Proya', 'Perfect Diary', 'Florasis', "L'Oréal", 'Estée Lauder', 'Shiseido'],
    kinds: [
      'Serum 精华液',
      'Moisturiser 面霜',
      'Lipstick 口红',
      'Sunscreen 防晒霜',
      'Cleanser 洁面乳',
      'Face Mask 面膜',
    ],
    price: [29, 1599],
    warrantyMonths: [0],
  },
  {
    name: 'food',
    weight: 10,
    brands: ['Three Squirrels', 'Bestore', 'Wahaha', 'Yili', 'Lee Kum Kee', 'Nongfu Spring'],
    kinds: [
      'Mixed Nuts 每日坚果',
      'Green Tea 绿茶',
      'Milk Powder 奶粉',
      'Oolong Tea 乌龙茶',
      'Instant Noodles 方便面',
      'Mooncakes 月饼',
    ],
    price: [9.9, 399],
    warrantyMonths: [0],
  },
  {
    name: 'baby',
    weight: 8,
    brands: ['Babycare', 'Goodbaby', 'Pigeon', 'Huggies', 'Pampers'],
    kinds: [
      'Diapers 纸尿裤',
      'Stroller 婴儿推车',
      'Baby Bottle 奶瓶',
      'Car Seat 安全座椅',
      'Baby Wipes 湿巾',
    ],
    price: [19, 3999],
    warrantyMonths: [0, 6, 12],
  },
  {
    name: 'sports',
    weight: 9,
    brands: ['Anta', 'Li-Ning', 'Decathlon', 'Xtep', 'Nike', 'Adidas'],
    kinds: [
      'Running Shoes 跑鞋',
      'Yoga Mat 瑜伽垫',
      'Badminton Racket 羽毛球拍',
      'Treadmill 跑步机',
      'Fitness Tracker 运动手环',
    ],
    price: [39, 4999],
    warrantyMonths: [0, 6, 12],
  },
  {
    name: 'furniture',
    weight: 8,
    brands: ['Lin Shi Mu Ye', 'Kuka', 'IKEA', 'Quanu', 'Sleemon'],
    kinds: [
      'Sofa 沙发',
      'Office Chair 办公椅',
      'Mattress 床垫',
      'Bookshelf 书架',
      'Dining Table 餐桌',
      'Wardrobe 衣柜',
    ],
    price: [199, 12999],
    warrantyMonths: [12, 24, 60],
  },
];

const pickCategory = createWeightedPicker(CATEGORIES, (category) => category.weight);

export function productSku(index: number): string {
  return `SKU-${String(index + 1).padStart(5, '0')}`;
}

/**
 * `count` products over eight categories, the same ones for the same seed.
 * @example generateProducts({ seed: 42, count: 1 })[0].sku === 'SKU-00001'
 */
export function generateProducts(options: { seed: number; count: number }): ProductInput[] {
  const random = createRandom(options.seed, 'products');
  const products: ProductInput[] = [];
  for (let index = 0; index < options.count; index++) {
    const category = pickCategory(random);
    products.push({
      sku: productSku(index),
      name: `${random.pick(category.brands)} ${random.pick(category.kinds)} ${modelName(random)}`,
      category: category.name,
      price: drawPrice(random, category.price),
      warrantyMonths: random.pick(category.warrantyMonths),
    });
  }
  return products;
}

function modelName(random: Random): string {
  const letters = 'ABCDEFGHJKLMNPRSTVXZ';
  return `${letters[random.int(0, letters.length - 1)]}${letters[random.int(0, letters.length - 1)]}-${random.int(10, 999)}`;
}

/** Log-uniform in the range, ending in .9 or .99 as shop prices do. */
function drawPrice(random: Random, [low, high]: readonly [number, number]): number {
  const raw = Math.exp(Math.log(low) + random.next() * (Math.log(high) - Math.log(low)));
  const ending = random.chance(0.5) ? 0.99 : 0.9;
  return Math.round((Math.max(Math.floor(raw), 1) - 1 + ending) * 100) / 100;
}
