import { isHan } from '../src/detect-language.js';

const STOPWORDS = new Set(
  "a an the and or but to of in on at for with is was were are be been it its it's this that these those i me my we our you your he she they them his her their as by from so if than then there here just very not no do does did have has had will would can could should all any some one up out about into over after before what which who when where how also too more most really only get got".split(
    ' ',
  ),
);
const ZH_STOP = new Set('的了是我也都就在还有这那个很不没吃和'.split(''));

/** The commonest words and two-word phrases (English) or character pairs (Chinese) in `texts`. */
export function commonestTerms(texts: readonly string[], count = 20): [string, number][] {
  const tally = new Map<string, number>();
  const add = (term: string): void => {
    tally.set(term, (tally.get(term) ?? 0) + 1);
  };
  for (const text of texts) {
    const seen = new Set<string>();
    const words = text.toLowerCase().match(/[a-z']+/g) ?? [];
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      if (!STOPWORDS.has(word) && word.length > 2) seen.add(word);
      const next = words[i + 1];
      if (next && !(STOPWORDS.has(word) && STOPWORDS.has(next))) seen.add(`${word} ${next}`);
    }
    for (let i = 0; i + 1 < text.length; i++) {
      const a = text.charCodeAt(i);
      const b = text.charCodeAt(i + 1);
      if (isHan(a) && isHan(b) && !(ZH_STOP.has(text[i]!) && ZH_STOP.has(text[i + 1]!)))
        seen.add(text.slice(i, i + 2));
    }
    for (const term of seen) add(term);
  }
  return [...tally].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).slice(0, count);
}
