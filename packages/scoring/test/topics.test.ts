import { describe, expect, it } from 'vitest';
import { loadTopicSet, measureTopics } from '../bench/evaluate.js';
import { createTextScorer } from '../src/index.js';

const scorer = createTextScorer();

describe.each(['en', 'zh'] as const)('topics on our labelled %s complaints', (lang) => {
  const set = loadTopicSet(lang);
  const m = measureTopics(set, (text) => scorer.score(text));

  it('has at least 200 sentences', () => {
    expect(set.length).toBeGreaterThanOrEqual(200);
  });
  it('flags most of them as complaints', () => {
    expect(m.complaintRate).toBeGreaterThanOrEqual(0.8);
  });
  it.each(['quality', 'logistics', 'service', 'advertising'] as const)(
    '%s: precision and recall ≥ 0.8',
    (topic) => {
      const t = m.topics.find((q) => q.topic === topic);
      expect(t?.precision, `${topic} precision`).toBeGreaterThanOrEqual(0.8);
      expect(t?.recall, `${topic} recall`).toBeGreaterThanOrEqual(0.8);
    },
  );
});
