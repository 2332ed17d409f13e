import { toFieldProblems } from '@aftercare/schemas';
import { describe, expect, it } from 'vitest';
import { questionnaireInput, textIn } from '../src/questionnaires/schema.js';

describe('questionnaire texts', () => {
  const question = { en: 'Anything else?', 'zh-CN': '还有别的吗？', de: 'Sonst noch etwas?' };

  it('reads a text in the customer’s locale, else the same language, else English', () => {
    expect(textIn(question, 'zh-CN')).toBe('还有别的吗？');
    expect(textIn(question, 'zh-TW')).toBe('还有别的吗？');
    expect(textIn(question, 'de-AT')).toBe('Sonst noch etwas?');
    expect(textIn(question, 'fr')).toBe('Anything else?');
  });

  it('canonicalises locale tags and refuses one locale given twice', () => {
    const body = (text: Record<string, string>) => ({
      id: 'care',
      purpose: 'periodic',
      title: { en: 'Care', 'zh-CN': '关怀' },
      questions: [{ id: 'anything', kind: 'open', text }],
    });
    const parsed = questionnaireInput.parse(body({ EN: 'Anything else?', 'zh-cn': '还有别的吗？' }));
    expect(parsed.questions[0]!.text).toEqual({ en: 'Anything else?', 'zh-CN': '还有别的吗？' });

    const twice = questionnaireInput.safeParse(body({ en: 'Hi', 'zh-CN': '你好', 'zh-cn': '您好' }));
    expect(toFieldProblems(twice.error!.issues)).toEqual([
      { field: 'questions.0.text.zh-cn', reason: 'zh-CN is given twice' },
    ]);
  });
});
