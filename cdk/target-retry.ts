import { Duration } from "aws-cdk-lib";

/**
 * How EventBridge (or EventBridge Scheduler) retries a target before the event becomes a dead
 * letter: it retries with backoff until either bound is reached.
 *
 * @example
 * const retry: TargetRetry = { maxEventAge: Duration.hours(2), attempts: 20 };
 */
export interface TargetRetry {
  /** How long after the event EventBridge still tries (60 s to 24 h). */
  readonly maxEventAge: Duration;
  /** How many retries after the first attempt (0 to 185). */
  readonly attempts: number;
}

/**
 * EventBridge's own limits, written out: 24 hours and 185 retries. A receiver down for a
 * maintenance window of a few hours still gets its events; only one that stays unreachable for
 * a day (or refuses an event outright) leaves a dead letter.
 */
export const DEFAULT_TARGET_RETRY: TargetRetry = {
  maxEventAge: Duration.hours(24),
  attempts: 185,
};
