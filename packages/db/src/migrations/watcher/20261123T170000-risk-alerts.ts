import { type Kysely, sql } from 'kysely';

// Alerts on the risk map: a spike detector's state per product and region, the alerts people read
// and handle, and the signals (complaints from distinct customers) behind quality alerts.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table risk_alerts (
      id bigint generated always as identity primary key,
      kind text not null check (kind in ('spike', 'quality')),
      product_id bigint not null references products (id),
      -- '' when the region is not known, as in risk_cells.
      region text not null,
      status text not null default 'open' check (status in ('open', 'acknowledged', 'dismissed', 'closed')),
      opened_at timestamptz not null,
      updated_at timestamptz not null,
      closed_at timestamptz,
      risk real not null,
      reason text not null,
      -- Counts, expected counts, terms, topics and sample mention ids (never their texts, which
      -- retention deletes with the mentions).
      evidence jsonb not null,
      handled_by text,
      handled_at timestamptz,
      handled_reason text
    )`.execute(db);
  // One live alert per kind, product and region, however many processes detect it at once.
  await sql`
    create unique index risk_alerts_live on risk_alerts (kind, product_id, region)
    where status in ('open', 'acknowledged')`.execute(db);
  await sql`create index risk_alerts_newest on risk_alerts (opened_at desc, id desc)`.execute(db);
  await sql`create index risk_alerts_status on risk_alerts (status, opened_at desc, id desc)`.execute(db);
  await sql`create index risk_alerts_product on risk_alerts (product_id, region, opened_at desc)`.execute(db);

  await sql`
    create table risk_detectors (
      product_id bigint not null references products (id),
      region text not null,
      -- @aftercare/risk's DetectorState, as JSON.
      state jsonb not null,
      -- The spike alert the detector has open, if any.
      alert_id bigint references risk_alerts (id),
      updated_at timestamptz not null,
      primary key (product_id, region)
    )`.execute(db);
  await sql`create index risk_detectors_alerting on risk_detectors (alert_id) where alert_id is not null`.execute(
    db,
  );

  await sql`
    create table quality_signals (
      id bigint generated always as identity primary key,
      product_id bigint not null references products (id),
      region text not null,
      customer_id bigint not null references customers (id),
      -- complaint: a formal complaint (its id); mention: a negative post with an order ref (its source and id).
      source text not null check (source in ('complaint', 'mention')),
      ref text not null,
      occurred_at timestamptz not null,
      unique (source, ref)
    )`.execute(db);
  await sql`create index quality_signals_cell on quality_signals (product_id, region, occurred_at)`.execute(
    db,
  );
  await sql`create index quality_signals_customer on quality_signals (customer_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['quality_signals', 'risk_detectors', 'risk_alerts']) {
    await sql`drop table ${sql.table(table)}`.execute(db);
  }
}
