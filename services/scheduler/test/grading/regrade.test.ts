import { describe, expect, it } from 'vitest';
import { gradeComplaint, regradeComplaint } from '../../src/grading/index.js';
import { firstComplaint } from './complaints.js';

describe('regradeComplaint', () => {
  it('replaces the level and keeps the earlier reasons, then says who and why', () => {
    const grade = gradeComplaint(firstComplaint('建议增加夜间模式'));
    const regraded = regradeComplaint(grade, { level: 1, by: 'usr_42', note: ' 客户是本地媒体记者 ' });
    expect(regraded).toEqual({
      level: 1,
      reasons: [
        ...grade.reasons,
        { code: 'supervisor.regrade', detail: 'regraded from 3 to 1 by usr_42: 客户是本地媒体记者' },
      ],
    });
    expect(grade.level).toBe(3);
  });

  it('may make a grade less urgent, with or without a note', () => {
    const grade = gradeComplaint(firstComplaint('我要找律师'));
    expect(regradeComplaint(grade, { level: 2, by: 'usr_7' }).reasons.at(-1)?.detail).toBe(
      'regraded from 1 to 2 by usr_7',
    );
  });
});
