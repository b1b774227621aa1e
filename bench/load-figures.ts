/**
 * What one engine's run of the load benchmark measured (`npm run bench:load`,
 * docs/benchmarks.md): the same figures for Baton and for the peer, so they print side by side.
 */
export interface LoadFigures {
  /** The engine, as the table heads its column. */
  engine: string;
  /** Instances started. */
  instances: number;
  /** Instances that ended with the expected status and node outcomes. */
  completed: number;
  /** Up to ten instances that did not, each with what it ended as. */
  wrong: string[];
  /** From the first start to the last end, in seconds. */
  seconds: number;
  /** Milliseconds from a decision sent to the instance's next wait (its next approval, or the provisioning task parked), one sample per decision. */
  decisionToNextMs: number[];
  /** Milliseconds from the control plane's report sent to the instance's end, one sample per instance. */
  reportToEndMs: number[];
  /** Peak resident set size of the engine's process, in bytes, when it could be read. */
  peakRssBytes?: number;
  /** CPU time (user and system) the engine's process used from the first start to the last end, in seconds. */
  cpuSeconds?: number;
  /** Seconds the engine's main thread was ready to run but waited for a CPU that other processes had. */
  cpuWaitSeconds?: number;
  /** CPU time the driver used meanwhile, in seconds (Baton only: the peer's driver is in its process). */
  driverCpuSeconds?: number;
  /** Requests the driver sent, by kind (Baton only: the peer is called in-process). */
  requests?: Readonly<Record<string, number>>;
}

/**
 * The value below which `share` of the samples lie (nearest rank), or NaN for no samples.
 *
 * @example
 * percentile([3, 1, 2, 4], 0.5); // 2
 */
export function percentile(samples: readonly number[], share: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(Math.ceil(share * sorted.length) - 1, 0);
  return sorted[rank] ?? Number.NaN;
}

/**
 * The current time as milliseconds since the epoch, with the fraction `performance.now()` gives:
 * comparable with the engine's ISO timestamps (whole milliseconds of the same clock).
 *
 * @example
 * const decidedAt = epochMs();
 */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}
