import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface ProductsTable {
  id: Generated<number>;
  sku: string;
  name: string;
  category: string;
  /** numeric(12,2), kept as a string so money never passes through a float. */
  price: string;
  warranty_months: number;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type Product = Selectable<ProductsTable>;
export type NewProduct = Insertable<ProductsTable>;
export type ProductUpdate = Updateable<ProductsTable>;
