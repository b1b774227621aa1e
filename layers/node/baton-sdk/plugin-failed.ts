/**
 * Thrown by a handler to report that its task failed: the node's outcome is `failed` with
 * `output`, and no retry runs. Any other error is transient and retried under the task's
 * `retry` policy. Lambda reports the error's name, `Baton.PluginFailed`, and its message, the
 * output as JSON.
 *
 * @example
 * if (!quota) throw new PluginFailed({ reason: "quota exceeded" });
 */
export class PluginFailed extends Error {
  override readonly name = "Baton.PluginFailed";
  readonly output: Record<string, unknown>;

  constructor(output: Record<string, unknown>) {
    super(JSON.stringify(output));
    this.output = output;
  }
}
