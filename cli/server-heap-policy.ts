import { setFlagsFromString } from "node:v8";

/**
 * How much V8 may grow the old generation after a full collection, in percent of the live heap
 * it found: 50 lets a heap of 50 MB live grow to 75 MB before the next full collection.
 * V8's own default grows it up to four times under a high allocation rate; a server with many
 * requests in flight promotes short-lived objects that then sit in that slack, and under
 * `npm run bench:load` (1,000 instances at once) the peak RSS went from about 215 MB to
 * 300–350 MB for no measurable saving of CPU (docs/benchmarks.md).
 */
const HEAP_GROWING_PERCENT = 50;

/**
 * Sets the server's heap policy ({@link HEAP_GROWING_PERCENT}) in the running process, before
 * it starts serving. A `--heap-growing-percent` given to `node` (directly or in
 * `NODE_OPTIONS`) wins: the policy is left alone then.
 *
 * @example
 * applyServerHeapPolicy(); // first thing in `baton dev`
 */
export function applyServerHeapPolicy(): void {
  const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ""].some((flag) =>
    flag.includes("heap-growing-percent"),
  );
  if (!given) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
