import type { InstanceView } from "../../lambdas/core/operations/read-instance.ts";
import type { CommandOutput } from "../command-output.ts";
import { EngineClient } from "../engine-client.ts";
import { type EngineOptions, engineConnection } from "../engine-options.ts";
import { instanceSummaryLines } from "../instance-summary.ts";

/** The options of `baton status`. */
export interface StatusOptions extends EngineOptions {
  json?: boolean;
  /** `--no-picture` sets it false. @default true */
  picture?: boolean;
}

/**
 * What `baton status INSTANCE` does: reads the instance and prints where it stands — its
 * status, each approval and task with what it waits on — and its picture, the mermaid
 * flowchart coloured by status that `GET /v1/instances/{id}/picture` draws. `--json` prints
 * the read as the API answers it, which `baton graph FILE --instance-state @FILE` draws too.
 *
 * @example
 * await status("06H…", { user: "wu-lei" }, output);
 */
export async function status(
  instanceId: string,
  options: StatusOptions,
  output: CommandOutput,
): Promise<void> {
  const client = new EngineClient(engineConnection(options, process.env));
  const path = `/v1/instances/${encodeURIComponent(instanceId)}`;
  const { body: view } = await client.get<InstanceView>(path);
  if (options.json) {
    output.writeOut(`${JSON.stringify(view)}\n`);
    return;
  }
  const lines = instanceSummaryLines(view);
  if (options.picture !== false) {
    const { body } = await client.get<{ mermaid: string }>(`${path}/picture`);
    lines.push("", body.mermaid.trimEnd());
  }
  output.writeOut(`${lines.join("\n")}\n`);
}
