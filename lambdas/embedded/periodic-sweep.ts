import type { Backend } from "../core/backend/backend.ts";
import {
  type SweepOptions,
  type SweepResult,
  sweepInstances,
} from "../core/operations/sweep-instances.ts";

/** How often the embedded engine sweeps: every 5 minutes. */
export const DEFAULT_SWEEP_EVERY_MS = 5 * 60 * 1000;

/** How the embedded engine sweeps. */
export interface PeriodicSweepOptions extends Omit<SweepOptions, "cursor"> {
  /**
   * How long from one run to the next, in milliseconds.
   *
   * @default DEFAULT_SWEEP_EVERY_MS (5 minutes)
   */
  everyMs?: number;
  /**
   * Where each run's result goes.
   *
   * @default a line on stderr for a run that settled an instance or failed to
   */
  report?: (result: SweepResult) => void;
}

/** The default report: one line for what was settled, one per instance that could not be. */
function reportOnStderr(result: SweepResult): void {
  const settled = result.reconciled + result.closed;
  const lines = [
    ...(settled > 0
      ? [
          `baton: sweep settled ${settled} instance(s): ${result.reconciled} whose execution ended unseen, ${result.closed} whose closing broke off`,
        ]
      : []),
    ...result.failed.map(
      (failed) =>
        `baton: sweep could not settle ${failed.tenant}/${failed.instanceId} (${failed.error})`,
    ),
  ];
  if (lines.length > 0) process.stderr.write(`${lines.join("\n")}\n`);
}

/**
 * The sweep of the embedded engine ({@link sweepInstances}), run on a timer as a schedule runs
 * the sweeper function on AWS: an instance whose execution ended unreconciled (the engine
 * stopped meanwhile, or ending it failed) or whose closing broke off is settled within a grace
 * period and a run's interval. Each run goes on from where the previous one stopped at its page
 * budget; runs never overlap. The timer does not keep the process alive.
 *
 * @example
 * const sweep = new PeriodicSweep(backend);
 * sweep.start();
 * // on shutdown
 * sweep.close();
 */
export class PeriodicSweep {
  private readonly backend: Backend;
  private readonly options: PeriodicSweepOptions;
  private timer: NodeJS.Timeout | undefined;
  private cursor: string | undefined;
  private running: Promise<SweepResult> | undefined;
  private closed = false;

  /** @param options - how and how often it sweeps. @default every 5 minutes, the sweep's defaults */
  constructor(backend: Backend, options: PeriodicSweepOptions = {}) {
    this.backend = backend;
    this.options = options;
  }

  /** Starts the timer; the first run comes one interval from now. Once closed, it stays closed. */
  start(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => {
      this.run().catch((error: unknown) => {
        process.stderr.write(
          `baton: sweep failed: ${error instanceof Error ? error.message : String(error)}\n`,
        );
      });
    }, this.options.everyMs ?? DEFAULT_SWEEP_EVERY_MS);
    this.timer.unref();
  }

  /** Runs one sweep now, or answers the run under way; reports its result. */
  run(): Promise<SweepResult> {
    this.running ??= this.sweep().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Stops the timer for good (a run under way finishes). */
  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async sweep(): Promise<SweepResult> {
    const { everyMs: _everyMs, report = reportOnStderr, ...options } = this.options;
    const result = await sweepInstances(this.backend, {
      ...options,
      ...(this.cursor === undefined ? {} : { cursor: this.cursor }),
    });
    this.cursor = result.cursor;
    report(result);
    return result;
  }
}
