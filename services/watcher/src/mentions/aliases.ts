import { writeAudit } from '@aftercare/db';
import { ConflictError, type DbContext, NotFoundError } from '@aftercare/runtime';
import { plainText } from '@aftercare/schemas';
import { z } from '@hono/zod-openapi';
import { findableInText, matchKey } from './attribution/match-key.js';

export const aliasInput = z
  .strictObject({
    aliases: z
      .array(plainText(100))
      .min(1, { error: 'name at least one alias' })
      .max(50, { error: 'at most 50 aliases at a time' }),
  })
  .openapi('ProductAliasInput');

export const aliasesOutput = z
  .object({
    sku: z.string(),
    aliases: z.array(
      z.object({
        alias: z.string(),
        matchedInText: z.boolean().openapi({
          description: 'long enough to be looked for inside texts (2+ CJK characters or 5+ letters)',
        }),
      }),
    ),
  })
  .openapi('ProductAliases');

/** A product's aliases, oldest first; NotFoundError for an unknown SKU. */
export async function listAliases(ctx: Pick<DbContext, 'db'>, sku: string) {
  const product = await ctx.db.selectFrom('products').select('id').where('sku', '=', sku).executeTakeFirst();
  if (!product) throw new NotFoundError(`no product with the SKU ${sku}`);
  const rows = await ctx.db
    .selectFrom('product_aliases')
    .select(['alias', 'alias_key'])
    .where('product_id', '=', product.id)
    .orderBy('id')
    .execute();
  return {
    sku,
    aliases: rows.map((row) => ({ alias: row.alias, matchedInText: findableInText(row.alias_key) })),
  };
}

/**
 * Adds other names of a product, matched in mentions from the next batch on, with an audit entry.
 * An alias already the product's is kept once; one another product has is a ConflictError naming it.
 * @example await addAliases(ctx, { sku: 'BLENDER-1', aliases: ['破壁机', 'PowerMix'], actor: 'token:4' });
 */
export async function addAliases(
  ctx: DbContext,
  { sku, aliases, actor }: { sku: string; aliases: readonly string[]; actor: string },
) {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const product = await trx.selectFrom('products').select('id').where('sku', '=', sku).executeTakeFirst();
    if (!product) throw new NotFoundError(`no product with the SKU ${sku}`);
    const keyed = [...new Map(aliases.map((alias) => [matchKey(alias), alias])).entries()];
    const taken = await trx
      .selectFrom('product_aliases')
      .innerJoin('products', 'products.id', 'product_aliases.product_id')
      .select(['product_aliases.alias', 'product_aliases.alias_key', 'products.sku'])
      .where(
        'product_aliases.alias_key',
        'in',
        keyed.map(([key]) => key),
      )
      .where('product_aliases.product_id', '<>', product.id)
      .execute();
    if (taken.length > 0) {
      const names = taken.map((t) => `"${t.alias}" (${t.sku})`).join(', ');
      throw new ConflictError(`already another product's alias: ${names}`);
    }
    await trx
      .insertInto('product_aliases')
      .values(
        keyed.map(([key, alias]) => ({
          product_id: product.id,
          alias,
          alias_key: key,
          created_at: now,
          created_by: actor,
        })),
      )
      .onConflict((oc) => oc.column('alias_key').doNothing())
      .execute();
    await writeAudit(trx, {
      at: now,
      actor,
      action: 'product-alias.added',
      entity: 'product',
      entityId: sku,
      details: { aliases },
    });
  });
  return listAliases(ctx, sku);
}
