// Machines feed reference data; people read it. Admin may do both (apiRoute lets admin through).
export const WRITERS = ['ingest'] as const;
export const READERS = ['supervisor', 'agent', 'marketing'] as const;

export const BATCH_DESCRIPTION =
  'Each record replaces the stored one with the same key: optional fields left out are cleared. ' +
  'A batch with any invalid record is rejected whole, with every bad record’s index, field and reason ' +
  '(the first 1,000, and `errorCount`). Sending the same batch again changes nothing and answers it as unchanged.';
