import type { CommandOutput } from "../command-output.ts";
import { EngineClient } from "../engine-client.ts";
import { type EngineOptions, engineConnection } from "../engine-options.ts";
import { readJsonArgument } from "../json-argument.ts";

/** The options of `baton approve` and `baton reject`. */
export interface DecideOptions extends EngineOptions {
  comment?: string;
  /** Form values, inline JSON or `@FILE` (approve only). */
  form?: string;
  json?: boolean;
}

/** The answer of `POST /v1/approvals/{approvalId}/decision`. */
interface RecordedDecision {
  approvalId: string;
  status: string;
  actions: { by: string; act: string }[];
}

/**
 * What `baton approve APPROVAL` and `baton reject APPROVAL` do: record the signed-in user's
 * decision (with a comment, and form values when approving) and say where the approval now
 * stands — decided, or still pending on other seats.
 *
 * @example
 * await decide("approve", "06H….lead.1", { user: "zhou-min", comment: "fine" }, output);
 */
export async function decide(
  action: "approve" | "reject",
  approvalId: string,
  options: DecideOptions,
  output: CommandOutput,
): Promise<void> {
  const form =
    options.form === undefined ? undefined : await readJsonArgument(options.form, "--form");
  const client = new EngineClient(engineConnection(options, process.env));
  const { body } = await client.post<RecordedDecision>(
    `/v1/approvals/${encodeURIComponent(approvalId)}/decision`,
    {
      action,
      ...(options.comment === undefined ? {} : { comment: options.comment }),
      ...(form === undefined ? {} : { form }),
    },
  );
  if (options.json) {
    output.writeOut(`${JSON.stringify(body)}\n`);
    return;
  }
  const by = body.actions.at(-1)?.by ?? "you";
  const verb = action === "approve" ? "approved" : "rejected";
  const stands =
    body.status === "pending"
      ? `still pending: other seats must decide (${body.actions.length} decision${body.actions.length === 1 ? "" : "s"} so far)`
      : `now ${body.status}`;
  output.writeOut(`${by} ${verb} ${body.approvalId}: the approval is ${stands}\n`);
}
