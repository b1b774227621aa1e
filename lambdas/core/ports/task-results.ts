/**
 * Resumes a state parked on `waitForTaskToken`: SendTaskSuccess, SendTaskFailure and
 * SendTaskHeartbeat on AWS, the embedded runtime's token table at home. A token whose state
 * is gone throws {@link TaskTokenGoneError}.
 *
 * @example
 * await tasks.succeed(token, { outcome: "approved", output: { decidedBy: ["al"] } });
 * await tasks.fail(token, "Baton.Rejected", JSON.stringify({ decidedBy: ["al"] }));
 */
export interface TaskResults {
  succeed(token: string, output: Record<string, unknown>): Promise<void>;
  fail(token: string, error: string, cause: string): Promise<void>;
  heartbeat(token: string): Promise<void>;
}
