/**
 * Whether every subject `subject` names is also named by `filter`, with NATS wildcards: `*` is one
 * token, `>` one or more at the end.
 * @example subjectCovers('mentions.>', 'mentions.weibo') // true
 * @example subjectCovers('mentions.*', 'mentions.>') // false: `>` also names mentions.a.b
 */
export function subjectCovers(filter: string, subject: string): boolean {
  const wide = filter.split('.');
  const narrow = subject.split('.');
  for (const [i, token] of wide.entries()) {
    if (token === '>') return narrow.length > i;
    const other = narrow[i];
    if (other === undefined || other === '>') return false;
    if (token !== '*' && token !== other) return false;
  }
  return wide.length === narrow.length;
}
