import type { Tally } from '../tally.js';
import type { ChineseLexicon } from './lexicon.js';
export function scoreChinese(_text: string, _lexicon: ChineseLexicon, _tally: Tally): void {}
