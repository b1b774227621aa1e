/**
 * A template whose graph is not series-parallel, which the native compiler cannot express
 * with Parallel states alone.
 *
 * @example
 * throw new NotSeriesParallelError("bridge-flow");
 */
export class NotSeriesParallelError extends Error {
  override readonly name = "NotSeriesParallelError";

  constructor(templateId: string) {
    super(`template ${templateId} is not series-parallel`);
  }
}
