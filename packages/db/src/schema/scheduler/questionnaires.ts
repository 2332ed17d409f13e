import type { JSONColumnType, Selectable } from 'kysely';

/** The callbacks a questionnaire is written for. */
export type QuestionnairePurpose = 'confirmation' | 'satisfaction' | 'periodic' | 'proactive' | 'follow_up';

/** Text in every locale it was written in, keyed by canonical language tag; `en` and `zh-CN` always. */
export type LocalizedText = { en: string; 'zh-CN': string } & Record<string, string>;

interface QuestionBase {
  /** Stable across versions while the question means the same, so answers compare over time. */
  id: string;
  required: boolean;
  text: LocalizedText;
}

/** A question as stored in a version: open (free text), scale (min..max with labelled ends) or choice. */
export type StoredQuestion =
  | (QuestionBase & { kind: 'open' })
  | (QuestionBase & {
      kind: 'scale';
      min: number;
      max: number;
      labels: { min: LocalizedText; max: LocalizedText };
    })
  | (QuestionBase & {
      kind: 'choice';
      multiple: boolean;
      options: { id: string; text: LocalizedText }[];
    });

export interface QuestionnairesTable {
  /** The id people and callbacks name it by (`satisfaction`, `care`). */
  key: string;
  /** Fixed at creation: which callbacks it is for. */
  purpose: QuestionnairePurpose;
  /** The latest version; the row is locked while a new one is written. */
  current_version: number;
  created_at: Date;
  created_by: string;
  updated_at: Date;
}

/** One version of a questionnaire: written once, never changed, so answers given on it stay readable. */
export interface QuestionnaireVersionsTable {
  key: string;
  version: number;
  title: JSONColumnType<LocalizedText>;
  questions: JSONColumnType<StoredQuestion[]>;
  created_at: Date;
  created_by: string;
}

export type Questionnaire = Selectable<QuestionnairesTable>;
export type QuestionnaireVersionRow = Selectable<QuestionnaireVersionsTable>;
