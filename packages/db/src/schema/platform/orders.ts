import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type OrderStatus =
  | 'placed'
  | 'shipped'
  | 'delivered'
  | 'returned'
  | 'exchanged'
  | 'cancelled'
  | 'refunded';

export interface OrdersTable {
  id: Generated<number>;
  external_ref: string;
  customer_id: number;
  product_id: number;
  region: string;
  purchased_at: Date;
  /** numeric(12,2) as a string. */
  amount: string;
  status: OrderStatus;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type Order = Selectable<OrdersTable>;
export type NewOrder = Insertable<OrdersTable>;
export type OrderUpdate = Updateable<OrdersTable>;
