import type { WorkingDuration } from './duration.js';

/** Thresholds of the notification policy (SPEC section 4), in working time. */
export interface NotificationThresholds {
  unclaimedAfter: WorkingDuration;
  unclaimedEscalationAfter: WorkingDuration;
  dueSoonBefore: WorkingDuration;
  dueImminentBefore: WorkingDuration;
  breachRepeatEvery: WorkingDuration;
  awaitingInfoEvery: WorkingDuration;
  intakeStaleEvery: WorkingDuration;
  paymentPendingAfter: WorkingDuration;
}

/** The defaults, written as an operator would write them in the environment. */
export const DEFAULT_NOTIFICATION_THRESHOLDS: Record<keyof NotificationThresholds, string> = {
  unclaimedAfter: '4h',
  unclaimedEscalationAfter: '1d',
  dueSoonBefore: '1d',
  dueImminentBefore: '3h',
  breachRepeatEvery: '1d',
  awaitingInfoEvery: '2d',
  intakeStaleEvery: '5d',
  paymentPendingAfter: '3d',
};
