export {
  type BaselineCounts,
  type BaselineEstimate,
  type Counts,
  categoryRateOf,
  DEFAULT_PRIOR_STRENGTH,
  estimateBaseline,
  MIN_NEGATIVE_PER_HOUR,
  type RiskOptions,
} from './baseline.js';
export { type CellRisk, type CellRiskInput, cellRisk, riskFromSurprise } from './cell-risk.js';
export {
  type DetectorAlert,
  type DetectorEvent,
  type DetectorEvidence,
  type DetectorInput,
  type DetectorState,
  type DetectorStep,
  initialDetectorState,
  parseDetectorState,
  resolvePreset,
  SPIKE_PRESETS,
  type SpikePreset,
  type SpikePresetName,
  stepDetector,
} from './detector.js';
export { RiskInputError } from './errors.js';
export { explainSpike, type SpikeExplanationInput } from './explain.js';
export {
  logBinomialLower,
  logBinomialUpper,
  logGammaPoissonUpper,
  logPoissonLower,
  logPoissonUpper,
} from './tails.js';
export { type Trend, type TrendOptions, trendOf } from './trend.js';
