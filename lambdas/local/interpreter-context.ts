/**
 * The fields of the context object (`$$`) that aws-local-stepfunctions does not fill, as a local
 * run stands them in for every state: the task token a `waitForTaskToken` Task hands over (the
 * local integrations issue their own) and the state's entry time (a `fire` task's event's `at`),
 * which is the run's start (the embedded engine's journaled start, the same on a replay) — the
 * embedded engine stamps the published event with its clock.
 *
 * @example
 * interpreter.run(input, { context: interpreterContext("issued-by-the-embedded-engine", new Date(execution.startedAt)) });
 */
export function interpreterContext(token: string, startedAt: Date): Record<string, unknown> {
  return { Task: { Token: token }, State: { EnteredTime: startedAt.toISOString() } };
}
