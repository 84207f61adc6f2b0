/**
 * The five milestones every carrier reports, in the order they happen (domain-rules §5.2). One
 * list: the carrier port validates them, the workflow waits for them, the callbacks route them.
 */
export const MILESTONES = ['PICKED_UP', 'ARRIVED_AT_SITE', 'DEPARTED', 'BORDER_CROSSED', 'ARRIVED'] as const;
export type Milestone = (typeof MILESTONES)[number];

/** Milestones some flow waits for; PICKED_UP is stored, not signalled (a signal is a billed action). */
export const AWAITED_MILESTONES: readonly Milestone[] = MILESTONES.filter((m) => m !== 'PICKED_UP');

export function isAwaitedMilestone(event: string): event is Milestone {
  return (AWAITED_MILESTONES as readonly string[]).includes(event);
}
