/**
 * A `queue` plugin's `queue` that is not the ARN of an SQS standard queue Baton can send to.
 * Names the plugin and what is wrong; the ARN names no secret, but the message does not need it.
 *
 * @example
 * throw new QueueArnError("events", "names a FIFO queue (.fifo)");
 */
export class QueueArnError extends Error {
  override readonly name = "Baton.QueueArn";
  /** The plugin's name as declared. */
  readonly plugin: string;
  /** What is wrong, after "queue": e.g. `names a FIFO queue (.fifo)…`. */
  readonly problem: string;

  constructor(plugin: string, problem: string) {
    super(`plugin "${plugin}": queue ${problem}`);
    this.plugin = plugin;
    this.problem = problem;
  }
}
