import type { Country } from './phones.js';

export interface Region {
  /** What orders and the risk map group by. */
  name: string;
  country: Country;
  timeZone: string;
  /** Relative share of customers. */
  weight: number;
  /** Share of the region's customers who use the zh-CN locale (the rest use en). */
  zhShare: number;
  /** Area codes for North American numbers. */
  areaCodes?: readonly string[];
}

// Mainland provinces and cities weighted roughly by online-shopping volume; Xinjiang keeps its own
// zone (Asia/Urumqi) so quiet hours are computed two hours apart from Beijing's.
const china: Region[] = [
  { name: 'Guangdong', country: 'CN', timeZone: 'Asia/Shanghai', weight: 9, zhShare: 0.96 },
  { name: 'Zhejiang', country: 'CN', timeZone: 'Asia/Shanghai', weight: 6.5, zhShare: 0.97 },
  { name: 'Jiangsu', country: 'CN', timeZone: 'Asia/Shanghai', weight: 6.5, zhShare: 0.97 },
  { name: 'Shanghai', country: 'CN', timeZone: 'Asia/Shanghai', weight: 5.5, zhShare: 0.9 },
  { name: 'Beijing', country: 'CN', timeZone: 'Asia/Shanghai', weight: 5, zhShare: 0.92 },
  { name: 'Shandong', country: 'CN', timeZone: 'Asia/Shanghai', weight: 5, zhShare: 0.98 },
  { name: 'Sichuan', country: 'CN', timeZone: 'Asia/Shanghai', weight: 4.5, zhShare: 0.98 },
  { name: 'Henan', country: 'CN', timeZone: 'Asia/Shanghai', weight: 4, zhShare: 0.99 },
  { name: 'Hubei', country: 'CN', timeZone: 'Asia/Shanghai', weight: 3.5, zhShare: 0.98 },
  { name: 'Fujian', country: 'CN', timeZone: 'Asia/Shanghai', weight: 3.5, zhShare: 0.97 },
  { name: 'Hunan', country: 'CN', timeZone: 'Asia/Shanghai', weight: 3, zhShare: 0.99 },
  { name: 'Shaanxi', country: 'CN', timeZone: 'Asia/Shanghai', weight: 2.5, zhShare: 0.99 },
  { name: 'Chongqing', country: 'CN', timeZone: 'Asia/Shanghai', weight: 2.5, zhShare: 0.99 },
  { name: 'Liaoning', country: 'CN', timeZone: 'Asia/Shanghai', weight: 2.5, zhShare: 0.99 },
  { name: 'Tianjin', country: 'CN', timeZone: 'Asia/Shanghai', weight: 2, zhShare: 0.98 },
  { name: 'Xinjiang', country: 'CN', timeZone: 'Asia/Urumqi', weight: 1, zhShare: 0.97 },
  { name: 'Hong Kong', country: 'HK', timeZone: 'Asia/Hong_Kong', weight: 1.5, zhShare: 0.6 },
  { name: 'Taiwan', country: 'TW', timeZone: 'Asia/Taipei', weight: 1.2, zhShare: 0.85 },
];

// Cross-border buyers: mostly en, with a share of Chinese-speaking customers abroad.
const international: Region[] = [
  {
    name: 'New York',
    country: 'US',
    timeZone: 'America/New_York',
    weight: 1.5,
    zhShare: 0.12,
    areaCodes: ['212', '646', '718', '917', '347'],
  },
  {
    name: 'California',
    country: 'US',
    timeZone: 'America/Los_Angeles',
    weight: 1.6,
    zhShare: 0.15,
    areaCodes: ['213', '310', '415', '408', '619'],
  },
  {
    name: 'Illinois',
    country: 'US',
    timeZone: 'America/Chicago',
    weight: 0.8,
    zhShare: 0.06,
    areaCodes: ['312', '773', '630', '847'],
  },
  {
    name: 'Ontario',
    country: 'CA',
    timeZone: 'America/Toronto',
    weight: 0.8,
    zhShare: 0.12,
    areaCodes: ['416', '647', '437', '905'],
  },
  { name: 'England', country: 'GB', timeZone: 'Europe/London', weight: 1, zhShare: 0.05 },
  { name: 'Berlin', country: 'DE', timeZone: 'Europe/Berlin', weight: 0.6, zhShare: 0.04 },
  { name: 'Île-de-France', country: 'FR', timeZone: 'Europe/Paris', weight: 0.6, zhShare: 0.05 },
  { name: 'Tokyo', country: 'JP', timeZone: 'Asia/Tokyo', weight: 0.8, zhShare: 0.08 },
  { name: 'Singapore', country: 'SG', timeZone: 'Asia/Singapore', weight: 1, zhShare: 0.3 },
  { name: 'New South Wales', country: 'AU', timeZone: 'Australia/Sydney', weight: 0.7, zhShare: 0.1 },
  { name: 'Maharashtra', country: 'IN', timeZone: 'Asia/Kolkata', weight: 0.6, zhShare: 0.01 },
  { name: 'São Paulo', country: 'BR', timeZone: 'America/Sao_Paulo', weight: 0.5, zhShare: 0.02 },
];

/** The 30 regions demo customers live in. */
export const REGIONS: readonly Region[] = [...china, ...international];
