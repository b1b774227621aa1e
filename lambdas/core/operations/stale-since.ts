import type { Backend } from "../backend/backend.ts";

/**
 * How long after a decision or report was recorded its own request may still be resuming the
 * parked state; only after that does a repeat repair a resume that never happened.
 */
export const RESUME_GRACE_MS = 30_000;

/**
 * Whether a record written at `at` is older than {@link RESUME_GRACE_MS} by the backend's clock.
 *
 * @example
 * if (staleSince(backend, record.updatedAt)) await resendVerdict();
 */
export function staleSince(backend: Backend, at: string): boolean {
  return backend.clock.now().getTime() - Date.parse(at) > RESUME_GRACE_MS;
}
