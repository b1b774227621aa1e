/**
 * Resumes a state parked on `waitForTaskToken`: Step Functions' SendTaskSuccess and
 * SendTaskFailure on AWS, the local integration layer when embedded.
 *
 * @example
 * await callbacks.succeed(token, { outcome: "approved", output: { decidedBy: ["al"] } });
 * await callbacks.fail(token, "Baton.Rejected", JSON.stringify({ decidedBy: ["al"] }));
 */
export interface TaskCallbacks {
  succeed(token: string, output: Record<string, unknown>): Promise<void>;
  fail(token: string, error: string, cause: string): Promise<void>;
}
