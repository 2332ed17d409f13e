import type { RiskAlert, RiskAlertStatus } from '@aftercare/db';
import { RISK_ALERT_KINDS } from '@aftercare/events';
import { type DbContext, NotFoundError } from '@aftercare/runtime';
import { filterText, keysetPage, listCursor, listLimit, type Page } from '@aftercare/schemas';
import { z } from '@hono/zod-openapi';
import { mentionOutput, selectMentions, toMentionOutput } from '../mentions/find-mentions.js';
import { UNKNOWN_REGION } from '../riskmap/read-map.js';
import { alertPublicId } from './write-alert.js';

export const ALERT_STATUSES = [
  'open',
  'acknowledged',
  'dismissed',
  'closed',
] as const satisfies readonly RiskAlertStatus[];

export const alertOutput = z
  .object({
    id: z.string().openapi({ example: 'alr_12' }),
    kind: z.enum(RISK_ALERT_KINDS).openapi({
      description:
        'spike: negative talk rising against the cell’s own baseline; quality: complaints from several customers',
    }),
    sku: z.string(),
    productName: z.string(),
    category: z.string(),
    region: z.string().openapi({ description: '`unknown` when no mention or complaint told' }),
    status: z.enum(ALERT_STATUSES),
    openedAt: z.string(),
    updatedAt: z.string(),
    closedAt: z.string().nullable().openapi({ description: 'when its cause ended (the cell calmed)' }),
    risk: z.number().openapi({ description: '0 to 100, as on the risk map' }),
    reason: z.string().openapi({
      example:
        '42 negative mentions of PowerMix blender in Guangdong in the last hour, expected 3; mostly quality: cracked, leaking',
    }),
    evidence: z.record(z.string(), z.unknown()).openapi({
      description:
        'spike: windowStart, mentions, negative, expectedNegative, topTerms, topics, sampleMentionIds, detector; quality: customers, formalComplaints, mentionsWithOrder, expectedCustomers, signalIds',
    }),
    handledBy: z.string().nullable().openapi({ description: 'who acknowledged or dismissed it' }),
    handledAt: z.string().nullable(),
    handledReason: z.string().nullable(),
  })
  .openapi('RiskAlert');
export type AlertOutput = z.output<typeof alertOutput>;

export const alertDetailOutput = alertOutput
  .extend({
    samples: z
      .array(mentionOutput)
      .openapi({ description: 'the sample mentions still kept (retention deletes old ones)' }),
  })
  .openapi('RiskAlertDetail');

export const alertFilters = z.strictObject({
  status: z.enum(ALERT_STATUSES, { error: `expected one of ${ALERT_STATUSES.join(', ')}` }).optional(),
  kind: z.enum(RISK_ALERT_KINDS, { error: 'expected spike or quality' }).optional(),
  sku: filterText(128).optional(),
  region: filterText(100).optional(),
  limit: listLimit(),
  cursor: listCursor,
});
export type AlertFilters = z.output<typeof alertFilters>;

/** `alr_12` to 12; anything else names no alert. */
export function alertRowId(id: string): number {
  const match = /^alr_(\d{1,15})$/.exec(id);
  if (!match) throw new NotFoundError(`no alert ${id}; ids look like alr_12`);
  return Number(match[1]);
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

type Row = RiskAlert & { sku: string; product_name: string; category: string };

function toOutput(row: Row): AlertOutput {
  return {
    id: alertPublicId(row.id),
    kind: row.kind,
    sku: row.sku,
    productName: row.product_name,
    category: row.category,
    region: row.region === '' ? UNKNOWN_REGION : row.region,
    status: row.status,
    openedAt: row.opened_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    closedAt: iso(row.closed_at),
    risk: row.risk,
    reason: row.reason,
    evidence: row.evidence,
    handledBy: row.handled_by,
    handledAt: iso(row.handled_at),
    handledReason: row.handled_reason,
  };
}

function selectAlerts(db: DbContext['db']) {
  return db
    .selectFrom('risk_alerts')
    .innerJoin('products', 'products.id', 'risk_alerts.product_id')
    .selectAll('risk_alerts')
    .select(['products.sku', 'products.name as product_name', 'products.category']);
}

/** A page of alerts, newest first, by status, kind, product and region. */
export async function listAlerts(
  ctx: Pick<DbContext, 'db'>,
  filters: AlertFilters,
): Promise<Page<AlertOutput>> {
  let query = selectAlerts(ctx.db);
  if (filters.status) query = query.where('risk_alerts.status', '=', filters.status);
  if (filters.kind) query = query.where('risk_alerts.kind', '=', filters.kind);
  if (filters.sku) query = query.where('products.sku', '=', filters.sku);
  if (filters.region) {
    query = query.where('risk_alerts.region', '=', filters.region === UNKNOWN_REGION ? '' : filters.region);
  }
  // Ids grow with opening time, so newest first is id order: one index, stable pages.
  return keysetPage(
    query,
    {
      list: 'alerts',
      idColumn: 'risk_alerts.id',
      limit: filters.limit,
      cursor: filters.cursor,
      order: 'desc',
    },
    toOutput,
  );
}

/** One alert with the sample mentions behind it. */
export async function getAlert(ctx: Pick<DbContext, 'db'>, id: number) {
  const row = await selectAlerts(ctx.db).where('risk_alerts.id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError(`no alert ${alertPublicId(id)}`);
  const ids = Array.isArray(row.evidence.sampleMentionIds)
    ? row.evidence.sampleMentionIds.filter((n): n is number => Number.isSafeInteger(n))
    : [];
  const samples =
    ids.length === 0
      ? []
      : await selectMentions(ctx.db)
          .where('mentions.id', 'in', ids)
          .orderBy('mentions.occurred_at', 'desc')
          .execute();
  return { ...toOutput(row), samples: samples.map(toMentionOutput) };
}
