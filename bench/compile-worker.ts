import { parentPort, workerData } from "node:worker_threads";
import { compileTemplate } from "../lambdas/core/compiler/compile-template.ts";
import type { Template } from "../lambdas/core/model/template.ts";

/**
 * Compiles a template `runs` times on a thread with a large stack (see `compile-timing.ts`),
 * posting back each run's milliseconds and the definition.
 */
const { template, runs } = workerData as { template: Template; runs: number };
const times: number[] = [];
let definition: unknown;
for (let run = 0; run < runs; run += 1) {
  const started = performance.now();
  definition = compileTemplate(template);
  times.push(performance.now() - started);
}
parentPort?.postMessage({ times, definition });
