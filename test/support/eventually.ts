/**
 * Reads until `check` holds, every `interval` ms for up to `attempts` reads (2 s by default):
 * the embedded engine's executions run on their own, so a test waits for what they do rather
 * than for a fixed time.
 *
 * @param attempts - how many reads before giving up. @default 400
 * @param interval - the milliseconds between two reads. @default 5
 * @example
 * const view = await eventually(() => readInstance(backend, "default", id), (read) => read.status !== "running");
 * // Over HTTP, every 10 ms for up to 20 s:
 * const body = await eventually(readOverHttp, (read) => read.status !== "running", 2000, 10);
 */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  attempts = 400,
  interval = 5,
): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const value = await read();
    if (check(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  throw new Error("the condition never held");
}
