export { MAX_SCORED_CHARS } from './clean-text.js';
export { detectLanguage } from './detect-language.js';
export { createFixedScorer, type FixedAnswer, type FixedScorer } from './fixed-scorer.js';
export { type NdjsonStreamResult, scoreNdjsonStream } from './ndjson-stream.js';
export { MAX_TEXT_LENGTH, type ScoreItem, scoreItemSchema } from './score-item-schema.js';
export { createTextScorer } from './scorer.js';
export type { Label, Lang, ScoreOptions, TextScore, TextScorer, Topic } from './types.js';
