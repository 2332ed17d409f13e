import type {
  CitiesTable,
  MentionAuthorsTable,
  MentionKeysTable,
  MentionsTable,
  ProductAliasesTable,
} from './mentions.js';
import type { QualitySignalsTable, RiskAlertsTable, RiskDetectorsTable } from './risk-alerts.js';
import type { RiskCellChangesTable, RiskCellsTable, RiskCellTermsTable } from './risk-cells.js';

export type * from './mentions.js';
export type * from './risk-alerts.js';
export type * from './risk-cells.js';

/** The watcher's tables: mentions and their keys, aliases and cities for attribution, the risk map. */
export interface WatcherTables {
  mention_keys: MentionKeysTable;
  mentions: MentionsTable;
  product_aliases: ProductAliasesTable;
  cities: CitiesTable;
  mention_authors: MentionAuthorsTable;
  risk_cells: RiskCellsTable;
  risk_cell_terms: RiskCellTermsTable;
  risk_cell_changes: RiskCellChangesTable;
  risk_alerts: RiskAlertsTable;
  risk_detectors: RiskDetectorsTable;
  quality_signals: QualitySignalsTable;
}
