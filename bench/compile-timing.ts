import { Worker } from "node:worker_threads";
import type { StateMachine } from "../lambdas/core/compiler/asl.ts";
import { compileTemplate } from "../lambdas/core/compiler/compile-template.ts";
import type { Template } from "../lambdas/core/model/template.ts";

/** How long compiling a template takes, and whether it fits the default stack. */
export interface CompileTiming {
  definition: StateMachine;
  /** Median of the runs, in milliseconds. */
  medianMs: number;
  runs: number;
  /** Set when compiling overflowed the default stack; the figures then come from a 256 MB one. */
  overflow?: string;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function onBigStack(
  template: Template,
  runs: number,
): Promise<{ times: number[]; definition: StateMachine }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./compile-worker.ts", import.meta.url), {
      workerData: { template, runs },
      resourceLimits: { stackSizeMb: 256 },
    });
    worker.once("message", (result) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

/**
 * Compiles a template `runs` times on this thread and takes the median. When a run overflows
 * the default stack, says so and measures on a worker thread with a 256 MB stack instead, so
 * that the size and time figures are still there.
 *
 * @param runs - how many compilations the median is taken over. @default 5
 * @example
 * const { medianMs, definition } = await timeCompile(template);
 */
export async function timeCompile(template: Template, runs = 5): Promise<CompileTiming> {
  const times: number[] = [];
  let definition: StateMachine | undefined;
  try {
    for (let run = 0; run < runs; run += 1) {
      const started = performance.now();
      definition = compileTemplate(template);
      times.push(performance.now() - started);
    }
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const big = await onBigStack(template, runs);
    return {
      definition: big.definition,
      medianMs: median(big.times),
      runs,
      overflow: `${error.message} (run ${times.length + 1} of ${runs})`,
    };
  }
  if (!definition) throw new Error("no compilation ran");
  return { definition, medianMs: median(times), runs };
}
