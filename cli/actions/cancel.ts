import type { CommandOutput } from "../command-output.ts";
import { EngineClient } from "../engine-client.ts";
import { type EngineOptions, engineConnection } from "../engine-options.ts";

/** The options of `baton cancel`. */
export interface CancelOptions extends EngineOptions {
  json?: boolean;
}

/** The answer of `POST /v1/instances/{id}/cancel`. */
interface Cancelled {
  instanceId: string;
  status: string;
  endedAt: string;
  reason?: string;
}

/**
 * What `baton cancel INSTANCE` does: the starter withdraws (撤回) the running instance; prints
 * how it ended.
 *
 * @example
 * await cancel("06H…", { user: "wu-lei" }, output);
 */
export async function cancel(
  instanceId: string,
  options: CancelOptions,
  output: CommandOutput,
): Promise<void> {
  const client = new EngineClient(engineConnection(options, process.env));
  const { body } = await client.post<Cancelled>(
    `/v1/instances/${encodeURIComponent(instanceId)}/cancel`,
    {},
  );
  output.writeOut(
    options.json
      ? `${JSON.stringify(body)}\n`
      : `${body.instanceId} ${body.status} at ${body.endedAt}${body.reason ? `: ${body.reason}` : ""}\n`,
  );
}
