import type { InstanceView } from "../lambdas/core/operations/read-instance.ts";
import { CliError } from "./cli-error.ts";
import type { EngineClient } from "./engine-client.ts";
import { settled, waitingOn } from "./instance-progress.ts";

/** How a wait goes. */
export interface WaitOptions {
  /** Give up after this long. */
  timeoutMs: number;
  /** Between two reads. @default 250 */
  intervalMs?: number;
  /** Told one line each time a node changes: `lead: active, approval from zhou-min`. */
  progress: (line: string) => void;
}

/** Each approval and task node's status, and what it waits on while active. */
function nodeLines(view: InstanceView): Map<string, string> {
  const waits = new Map(waitingOn(view).map((wait) => [wait.node, wait.what]));
  return new Map(
    Object.entries(view.nodes)
      .filter(([, node]) => node.status !== "idle")
      .map(([id, node]) => {
        const what = waits.get(id) ?? node.reason;
        return [id, `${id}: ${node.status}${what === undefined ? "" : `, ${what}`}`];
      }),
  );
}

/**
 * Reads the instance until it parks or ends ({@link settled}), telling `progress` of every
 * node that changed since the last read; returns the last read. Refuses with exit code 1 when
 * it still moves after `timeoutMs`.
 *
 * @example
 * const view = await waitForInstance(client, "06H…", { timeoutMs: 60_000, progress: (line) => console.error(line) });
 */
export async function waitForInstance(
  client: EngineClient,
  instanceId: string,
  options: WaitOptions,
): Promise<InstanceView> {
  const deadline = Date.now() + options.timeoutMs;
  const told = new Map<string, string>();
  for (;;) {
    const { body: view } = await client.get<InstanceView>(
      `/v1/instances/${encodeURIComponent(instanceId)}`,
    );
    for (const [node, line] of nodeLines(view)) {
      if (told.get(node) !== line) options.progress(line);
      told.set(node, line);
    }
    if (settled(view)) return view;
    if (Date.now() >= deadline) {
      throw new CliError(
        `instance ${instanceId} still moves after ${options.timeoutMs / 1000} s; baton status ${instanceId} shows where it stands`,
        1,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
  }
}
