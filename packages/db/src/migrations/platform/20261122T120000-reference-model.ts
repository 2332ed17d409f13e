import { type Kysely, sql } from 'kysely';

// Customers, products and orders: the reference model every service reads.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table customers (
      id bigint generated always as identity primary key,
      external_ref text not null unique,
      name text not null,
      phone text,
      email text,
      locale text not null,
      time_zone text not null,
      region text not null,
      tier text not null check (tier in ('regular', 'vip')),
      consent_sms boolean not null default false,
      consent_email boolean not null default false,
      consent_call boolean not null default false,
      consent_sms_at timestamptz not null,
      consent_email_at timestamptz not null,
      consent_call_at timestamptz not null,
      consent_sms_source text not null,
      consent_email_source text not null,
      consent_call_source text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  // Lists filter by region or tier and page by id.
  await sql`create index customers_region on customers (region, id)`.execute(db);
  await sql`create index customers_tier on customers (tier, id)`.execute(db);

  await sql`
    create table products (
      id bigint generated always as identity primary key,
      sku text not null unique,
      name text not null,
      category text not null,
      price numeric(12, 2) not null check (price >= 0),
      warranty_months integer not null check (warranty_months >= 0),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index products_category on products (category)`.execute(db);

  await sql`
    create table orders (
      id bigint generated always as identity primary key,
      external_ref text not null unique,
      customer_id bigint not null references customers (id),
      product_id bigint not null references products (id),
      region text not null,
      purchased_at timestamptz not null,
      amount numeric(12, 2) not null check (amount >= 0),
      status text not null
        check (status in ('placed', 'shipped', 'delivered', 'returned', 'exchanged', 'cancelled', 'refunded')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  // Audiences are "buyers of SKU x in a window"; care history is "orders of customer y".
  await sql`create index orders_product_purchased on orders (product_id, purchased_at)`.execute(db);
  await sql`create index orders_customer on orders (customer_id, purchased_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table orders`.execute(db);
  await sql`drop table products`.execute(db);
  await sql`drop table customers`.execute(db);
}
