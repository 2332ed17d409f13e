import type { StaffPosition } from '@aftercare/db';

export type EscalationRung = Exclude<StaffPosition, 'agent'>;

const FULL_CHAIN: readonly EscalationRung[] = ['supervisor', 'team_lead', 'duty_manager', 'head_of_care'];

/**
 * The rungs a breached clock climbs, in order: the team's supervisor, its team lead, the duty
 * manager, the head of care. A level 1 case starts at the duty manager (DOMAIN.md: it goes straight
 * there). Step N of a clock's escalation is rung N of its chain.
 */
export function escalationChain(level: 1 | 2 | 3): readonly EscalationRung[] {
  return level === 1 ? FULL_CHAIN.slice(2) : FULL_CHAIN;
}

/**
 * When step `step` (1-based) of a clock breached at `breachedAt` falls due, by the configured minutes
 * after the breach (ESCALATION_AFTER_MINUTES); undefined past the end of the chain or of the list.
 */
export function escalationDueAt(
  { level, breachedAt, step }: { level: 1 | 2 | 3; breachedAt: Date; step: number },
  afterMinutes: readonly number[],
): Date | undefined {
  const minutes = afterMinutes[step - 1];
  if (step > escalationChain(level).length || minutes === undefined) return undefined;
  return new Date(breachedAt.getTime() + minutes * 60_000);
}
