import { z } from 'zod';

/** The public id humans see (`cus_42`), not the row id, so a payload reads the same in every service. */
export const customerId = z.string().regex(/^cus_\d+$/, { error: 'expected a customer id like cus_42' });

/** A moment, as ISO 8601 with its offset. */
export const instant = z.iso.datetime({ offset: true });
