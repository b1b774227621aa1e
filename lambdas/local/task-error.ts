/**
 * An error raised into the local interpreter as a Task's failure: `name` is what a `Catch`
 * matches (`Baton.Rejected`, `States.Timeout`, …) and `message` becomes the cause.
 *
 * @example
 * throw new TaskError("Baton.TaskFailed", JSON.stringify({ reason: "quota" }));
 */
export class TaskError extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}
