import { createRequire } from 'node:module';
import Sentiment from 'sentiment';

const require = createRequire(import.meta.url);

/** A baseline's verdict: is this text negative? */
export interface Baseline {
  name: string;
  isNegative(text: string): boolean;
}

/** The plain `sentiment` package (AFINN-165), negative when its score is below 0. */
export function sentimentBaseline(): Baseline & { analyze(text: string): unknown } {
  const sentiment = new Sentiment();
  return {
    name: 'sentiment',
    isNegative: (text) => sentiment.analyze(text).score < 0,
    analyze: (text) => sentiment.analyze(text),
  };
}

/** The optional dev-dependency baselines that installed: wink-sentiment and VADER. */
export function optionalBaselines(): Baseline[] {
  const found: Baseline[] = [];
  try {
    const wink: (text: string) => { normalizedScore: number } = require('wink-sentiment');
    found.push({ name: 'wink-sentiment', isNegative: (text) => wink(text).normalizedScore < 0 });
  } catch {
    console.warn('wink-sentiment is not installed: left out');
  }
  try {
    const vader: {
      SentimentIntensityAnalyzer: { polarity_scores(text: string): { compound: number } };
    } = require('vader-sentiment');
    // VADER's own convention: compound at or below -0.05 is negative.
    found.push({
      name: 'vader',
      isNegative: (text) => vader.SentimentIntensityAnalyzer.polarity_scores(text).compound <= -0.05,
    });
  } catch {
    console.warn('vader-sentiment is not installed: left out');
  }
  return found;
}
