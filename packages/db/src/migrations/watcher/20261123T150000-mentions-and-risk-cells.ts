import { type Kysely, sql } from 'kysely';

// Mentions from social and review streams, what they are attributed to, and the complaint risk map's
// cells kept incrementally as mentions arrive (per SKU x region x hour, rolled up to day). The keys of
// mentions outlive the raw mentions (retention deletes those), so a replayed post never counts twice.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table mention_keys (
      source text not null,
      external_id text not null,
      received_at timestamptz not null,
      primary key (source, external_id)
    )`.execute(db);

  await sql`
    create table mentions (
      id bigint generated always as identity primary key,
      source text not null,
      external_id text not null,
      text text not null,
      author text,
      rating smallint,
      lang text not null,
      occurred_at timestamptz not null,
      received_at timestamptz not null,
      product_id bigint references products (id),
      region text,
      city text,
      order_ref text,
      -- How the product was found: sku, order, product_name, alias, text; null when it was not.
      attributed_by text,
      label text not null check (label in ('negative', 'neutral', 'positive')),
      score real not null,
      complaint boolean not null,
      topics jsonb not null,
      terms jsonb not null
    )`.execute(db);
  await sql`create index mentions_occurred on mentions (occurred_at)`.execute(db);
  await sql`create index mentions_product on mentions (product_id, occurred_at) where product_id is not null`.execute(
    db,
  );
  await sql`create index mentions_unattributed on mentions (id) where product_id is null`.execute(db);

  // Other names people use for a product ("破壁机", "the blender"), matched in mentions' texts.
  await sql`
    create table product_aliases (
      id bigint generated always as identity primary key,
      product_id bigint not null references products (id),
      alias text not null,
      alias_key text not null unique,
      created_at timestamptz not null,
      created_by text not null
    )`.execute(db);

  // Where a city is: a mention that names a city is attributed to its region.
  await sql`
    create table cities (
      city_key text primary key,
      city text not null,
      region text not null
    )`.execute(db);
  for (const [region, names] of Object.entries(CITIES)) {
    for (const city of names) {
      await sql`insert into cities (city_key, city, region) values (${cityKey(city)}, ${city}, ${region})
        on conflict (city_key) do nothing`.execute(db);
    }
  }

  // The region an author was last seen in, for their later mentions that name none.
  await sql`
    create table mention_authors (
      source text not null,
      author text not null,
      region text not null,
      seen_at timestamptz not null,
      primary key (source, author)
    )`.execute(db);

  // The map: one row per product, region ('' when unknown), granularity and window.
  await sql`
    create table risk_cells (
      granularity text not null check (granularity in ('hour', 'day')),
      product_id bigint not null references products (id),
      region text not null,
      window_start timestamptz not null,
      mentions int not null,
      negative int not null,
      complaints int not null,
      quality int not null,
      logistics int not null,
      service int not null,
      advertising int not null,
      other int not null,
      score_sum double precision not null,
      -- Set by the evaluator from the counts and the cell's history (0 to 100, see @aftercare/risk).
      risk real not null default 0,
      expected_negative real not null default 0,
      trend text not null default 'steady' check (trend in ('rising', 'steady', 'falling')),
      primary key (granularity, window_start, product_id, region)
    )`.execute(db);
  await sql`create index risk_cells_product on risk_cells (granularity, product_id, region, window_start)`.execute(
    db,
  );
  await sql`create index risk_cells_by_risk on risk_cells (granularity, window_start, risk desc)`.execute(db);

  // Hour cells whose counts changed, waiting for the evaluator (a work table of @aftercare/jobs): one
  // pending row per cell, however many batches touched it since it was last evaluated.
  await sql`
    create table risk_cell_changes (
      id bigint generated always as identity primary key,
      product_id bigint not null,
      region text not null,
      window_start timestamptz not null,
      state text not null default 'pending' check (state in ('pending', 'running', 'done', 'dead')),
      due_at timestamptz not null,
      attempts int not null default 0,
      lease_expires_at timestamptz,
      leased_by text,
      last_error text
    )`.execute(db);
  await sql`create index risk_cell_changes_work_due on risk_cell_changes (due_at) where state in ('pending', 'running')`.execute(
    db,
  );
  await sql`
    create unique index risk_cell_changes_pending on risk_cell_changes (product_id, region, window_start)
    where state = 'pending'
  `.execute(db);

  // The words that made mentions negative, counted per cell, for the map's top terms.
  await sql`
    create table risk_cell_terms (
      granularity text not null,
      product_id bigint not null,
      region text not null,
      window_start timestamptz not null,
      term text not null,
      count int not null,
      primary key (granularity, product_id, region, window_start, term)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'risk_cell_changes',
    'risk_cell_terms',
    'risk_cells',
    'mention_authors',
    'cities',
    'product_aliases',
    'mentions',
    'mention_keys',
  ]) {
    await sql`drop table ${sql.table(table)}`.execute(db);
  }
}

/** A city's lookup key: case, width and spacing do not matter. */
function cityKey(city: string): string {
  return city
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\-'’.]/g, '');
}

// The demo's regions (province and state names, as the reference data uses them) and their main
// cities, in the languages people write them in. Operators add their own rows.
const CITIES: Record<string, string[]> = {
  Guangdong: [
    '广州',
    'Guangzhou',
    '深圳',
    'Shenzhen',
    '东莞',
    'Dongguan',
    '佛山',
    'Foshan',
    '珠海',
    'Zhuhai',
  ],
  Zhejiang: ['杭州', 'Hangzhou', '宁波', 'Ningbo', '温州', 'Wenzhou', '义乌', 'Yiwu'],
  Jiangsu: ['南京', 'Nanjing', '苏州', 'Suzhou', '无锡', 'Wuxi', '常州', 'Changzhou'],
  Shanghai: ['上海', 'Shanghai', '浦东', 'Pudong'],
  Beijing: ['北京', 'Beijing', '朝阳区', '海淀', 'Haidian'],
  Shandong: ['济南', 'Jinan', '青岛', 'Qingdao', '烟台', 'Yantai'],
  Sichuan: ['成都', 'Chengdu', '绵阳', 'Mianyang'],
  Henan: ['郑州', 'Zhengzhou', '洛阳', 'Luoyang'],
  Hubei: ['武汉', 'Wuhan', '宜昌', 'Yichang'],
  Fujian: ['福州', 'Fuzhou', '厦门', 'Xiamen', '泉州', 'Quanzhou'],
  Hunan: ['长沙', 'Changsha', '株洲', 'Zhuzhou'],
  Shaanxi: ['西安', "Xi'an", '咸阳', 'Xianyang'],
  Chongqing: ['重庆', 'Chongqing'],
  Liaoning: ['沈阳', 'Shenyang', '大连', 'Dalian'],
  Tianjin: ['天津', 'Tianjin'],
  Xinjiang: ['乌鲁木齐', 'Urumqi', '喀什', 'Kashgar'],
  'Hong Kong': ['香港', 'Hong Kong', '九龙', 'Kowloon'],
  Taiwan: ['台北', 'Taipei', '高雄', 'Kaohsiung', '台中', 'Taichung'],
  'New York': ['New York City', 'NYC', 'Brooklyn', 'Manhattan', 'Queens', 'Buffalo', '纽约'],
  California: ['Los Angeles', 'San Francisco', 'San Jose', 'San Diego', 'Oakland', '洛杉矶', '旧金山'],
  Illinois: ['Chicago', 'Springfield', '芝加哥'],
  Ontario: ['Toronto', 'Ottawa', 'Mississauga', '多伦多'],
  England: ['London', 'Manchester', 'Birmingham', 'Liverpool', '伦敦'],
  Berlin: ['Berlin', '柏林'],
  'Île-de-France': ['Paris', '巴黎'],
  Tokyo: ['Tokyo', '東京', '东京'],
  Singapore: ['Singapore', '新加坡'],
  'New South Wales': ['Sydney', 'Newcastle', '悉尼'],
  Maharashtra: ['Mumbai', 'Pune', '孟买'],
  'São Paulo': ['São Paulo', 'Sao Paulo', 'Campinas', '圣保罗'],
};
