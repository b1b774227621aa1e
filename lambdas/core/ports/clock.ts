/**
 * The time, injected so that operations are deterministic under test.
 *
 * @example
 * const clock: Clock = { now: () => new Date() };
 */
export interface Clock {
  now(): Date;
}
