import type { InstanceView } from "../../lambdas/core/operations/read-instance.ts";
import { CliError } from "../cli-error.ts";
import type { CommandOutput } from "../command-output.ts";
import { EngineClient } from "../engine-client.ts";
import { type EngineOptions, engineConnection } from "../engine-options.ts";
import { waitingOn } from "../instance-progress.ts";
import { readJsonArgument } from "../json-argument.ts";
import { waitForInstance } from "../wait-for-instance.ts";

/** The options of `baton start`. */
export interface StartOptions extends EngineOptions {
  input: string;
  idempotencyKey?: string;
  wait?: boolean;
  /** Seconds `--wait` waits at most. @default "60" */
  timeout?: string;
  json?: boolean;
}

/** The answer of `POST /v1/flows/{templateId}/instances`. */
interface Started {
  instanceId: string;
  status: string;
  templateVersion: number;
}

function timeoutMs(option: string | undefined): number {
  const seconds = Number(option ?? 60);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new CliError(`--timeout must be a positive number of seconds, not ${option}`, 2);
  }
  return seconds * 1000;
}

/** The lines that end a `--wait`: how the instance stands, and what it waits on. */
function settledLines(view: InstanceView): string[] {
  if (view.status !== "running") {
    return [`${view.instanceId} ended ${view.status}${view.reason ? `: ${view.reason}` : ""}`];
  }
  return [
    `${view.instanceId} is waiting on:`,
    ...waitingOn(view).map((wait) => `  ${wait.node}: ${wait.what}`),
  ];
}

/**
 * What `baton start TEMPLATE` does: starts an instance with the input, prints its id, and
 * with `--wait` follows it — each node's change on stderr — until it parks or ends.
 *
 * @example
 * await start("cache-change", { input: "@examples/cache-change.input.json", wait: true }, output);
 */
export async function start(
  templateId: string,
  options: StartOptions,
  output: CommandOutput,
): Promise<void> {
  const input = await readJsonArgument(options.input, "--input");
  const wait = options.wait ? timeoutMs(options.timeout) : undefined;
  const client = new EngineClient(engineConnection(options, process.env));
  const { status, body } = await client.post<Started>(
    `/v1/flows/${encodeURIComponent(templateId)}/instances`,
    {
      input,
      ...(options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey }),
    },
  );
  if (!options.json) {
    const again = status === 200 ? " (already started with this idempotency key)" : "";
    output.writeOut(
      `started ${templateId} v${body.templateVersion}: ${body.instanceId} ${body.status}${again}\n`,
    );
  }
  if (wait === undefined) {
    if (options.json) output.writeOut(`${JSON.stringify(body)}\n`);
    return;
  }
  const view = await waitForInstance(client, body.instanceId, {
    timeoutMs: wait,
    progress: (line) => output.writeErr(`  … ${line}\n`),
  });
  output.writeOut(
    options.json ? `${JSON.stringify(view)}\n` : `${settledLines(view).join("\n")}\n`,
  );
}
