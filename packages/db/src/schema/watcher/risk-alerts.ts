import type { Generated, JSONColumnType, Selectable } from 'kysely';

export type RiskAlertKind = 'spike' | 'quality';
export type RiskAlertStatus = 'open' | 'acknowledged' | 'dismissed' | 'closed';

/** An alert on the risk map: a spike of negative talk, or complaints from several customers. */
export interface RiskAlertsTable {
  id: Generated<number>;
  kind: RiskAlertKind;
  product_id: number;
  /** '' when the region is not known. */
  region: string;
  status: Generated<RiskAlertStatus>;
  opened_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  risk: number;
  reason: string;
  evidence: JSONColumnType<Record<string, unknown>>;
  handled_by: string | null;
  handled_at: Date | null;
  handled_reason: string | null;
}

/** A product and region's spike detector (`@aftercare/risk`'s DetectorState) and its open alert. */
export interface RiskDetectorsTable {
  product_id: number;
  region: string;
  state: JSONColumnType<Record<string, unknown>>;
  alert_id: number | null;
  updated_at: Date;
}

/** A complaint from one customer about one product: formal, or a negative post naming an order. */
export interface QualitySignalsTable {
  id: Generated<number>;
  product_id: number;
  region: string;
  customer_id: number;
  source: 'complaint' | 'mention';
  ref: string;
  occurred_at: Date;
}

export type RiskAlert = Selectable<RiskAlertsTable>;
