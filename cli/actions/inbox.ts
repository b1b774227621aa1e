import type { InboxRow } from "../../lambdas/core/operations/list-inbox.ts";
import { CliError } from "../cli-error.ts";
import type { CommandOutput } from "../command-output.ts";
import { EngineClient } from "../engine-client.ts";
import { type EngineOptions, engineConnection } from "../engine-options.ts";
import { columns } from "../text-columns.ts";

/** The inbox views `baton inbox` reads. */
const VIEWS = ["todo", "done", "cc", "started"] as const;
type View = (typeof VIEWS)[number];

/** The options of `baton inbox`. */
export interface InboxOptions extends EngineOptions {
  /** @default "todo" */
  view?: string;
  cursor?: string;
  json?: boolean;
}

/** The query `GET /v1/approvals` takes for a view. */
function viewQuery(view: View): Record<string, string> {
  if (view === "todo") return { status: "pending" };
  if (view === "done") return { status: "done" };
  return { view };
}

const EMPTY: Record<View, string> = {
  todo: "nothing to decide",
  done: "nothing decided yet",
  cc: "nothing copied to",
  started: "no instance started by",
};

/**
 * What `baton inbox USER` does: lists USER's to-do approvals (or done, CC'd, started), newest
 * first, as USER — a token's user, `--user`, or else USER itself on `baton dev`. The table
 * leaves out the approval links (each a credential); `--json` prints the API's answer whole.
 *
 * @example
 * await inbox("zhou-min", { view: "todo" }, output);
 */
export async function inbox(
  user: string,
  options: InboxOptions,
  output: CommandOutput,
): Promise<void> {
  const view = (options.view ?? "todo") as View;
  if (!VIEWS.includes(view)) {
    throw new CliError(`--view must be one of ${VIEWS.join(", ")}, not ${options.view}`, 2);
  }
  const client = new EngineClient(engineConnection(options, process.env, user));
  const { body } = await client.get<{ items: InboxRow[]; cursor?: string }>("/v1/approvals", {
    assignee: user,
    ...viewQuery(view),
    cursor: options.cursor,
  });
  if (options.json) {
    output.writeOut(`${JSON.stringify(body)}\n`);
    return;
  }
  if (body.items.length === 0) {
    output.writeOut(`${EMPTY[view]} ${user}\n`);
    return;
  }
  const approvals = view === "todo" || view === "done";
  const rows = body.items.map((item) => [
    approvals ? (item.approvalId ?? item.instanceId) : item.instanceId,
    item.templateId,
    item.nodeId ?? "-",
    item.createdAt,
  ]);
  const lines = columns([
    [approvals ? "APPROVAL" : "INSTANCE", "TEMPLATE", "NODE", "SINCE"],
    ...rows,
  ]);
  if (body.cursor) lines.push(`more: baton inbox ${user} --view ${view} --cursor ${body.cursor}`);
  output.writeOut(`${lines.join("\n")}\n`);
}
