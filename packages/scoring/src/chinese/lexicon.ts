export type ChineseLexicon = Map<string, number>;
export function buildChineseLexicon(): ChineseLexicon {
  return new Map();
}
