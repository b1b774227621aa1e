import { readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { DEV_USER_HEADER } from "../lambdas/api/dev-identity.ts";
import { signCallback } from "../lambdas/core/security/callback-signature.ts";

/** Who starts each example, as its input names the person asking. */
const EXAMPLES: ReadonlyArray<{ templateId: string; starter: string }> = [
  { templateId: "cache-change", starter: "wu-lei" },
  { templateId: "devops-release", starter: "dev-dong" },
  { templateId: "push-campaign", starter: "ma-ting" },
  { templateId: "table-permission", starter: "chen-yu" },
];

/** The examples {@link startExamples} starts, by template id. */
export const EXAMPLE_IDS: readonly string[] = EXAMPLES.map((example) => example.templateId);

/** One example started on the engine, at its first approval. */
export interface StartedExample {
  templateId: string;
  /** Who started it: the instance page's viewer. */
  starter: string;
  instanceId: string;
  /** The first approval the instance waits for. */
  approvalId: string;
  /** Who holds it: the approval and inbox pages' viewer. */
  approver: string;
  /** The approver's link, as a path: `/a/{linkId}`. */
  linkPath: string;
}

/** An example's instance did not reach an approval any of its script's deciders holds. */
export class ExampleStuckError extends Error {
  override readonly name = "ExampleStuckError";
}

interface InboxRow {
  approvalId: string;
  instanceId: string;
  link: string;
}

/** One step of an example's script (`examples/{id}.script.json`). */
interface ScriptStep {
  node: string;
  act: string;
  by?: string;
  output?: object;
}

/** The engine the examples run on: where it listens and the key its task callbacks are signed with. */
export interface ExampleEngine {
  url: string;
  callbackKey: string;
}

/** The tenant of `baton dev`'s development identity. */
const TENANT = "default";

/**
 * `method path` on the engine as `user` (the dev identity header; none for a callback, which
 * `headers` sign), answering the JSON.
 */
async function callAs(
  url: string,
  user: string | undefined,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
) {
  const answer = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(user ? { [DEV_USER_HEADER]: user } : {}),
      "content-type": "application/json",
      ...headers,
    },
    ...(body ? { body } : {}),
  });
  const text = await answer.text();
  if (!answer.ok)
    throw new Error(`${method} ${path} as ${user} answered ${answer.status}: ${text}`);
  return JSON.parse(text) as unknown;
}

/** The deciders of a script, in the order they act. */
function decidersOf(script: readonly ScriptStep[]): string[] {
  return [...new Set(script.flatMap((step) => (step.by ? [step.by] : [])))];
}

/**
 * Plays the tasks a script reports before its first decision (devops-release builds, scans and
 * tests first): waits up to 10 s for each callback task's request in the instance's history,
 * then reports its script's output with a signed callback, as its plugin would; a sync task
 * that already succeeded is passed.
 */
async function playLeadingTasks(
  engine: ExampleEngine,
  instanceId: string,
  starter: string,
  script: readonly ScriptStep[],
): Promise<void> {
  const firstDecision = script.findIndex((step) => step.by !== undefined);
  for (const step of script.slice(0, firstDecision)) {
    if (step.act !== "succeed") {
      throw new ExampleStuckError(`the script acts ${step.act} on ${step.node} before a decision`);
    }
    let callbackId: unknown;
    for (let waited = 0; callbackId === undefined; waited += 20) {
      if (waited >= 10_000) {
        throw new ExampleStuckError(`${instanceId}'s ${step.node} task did not start within 10 s`);
      }
      const read = (await callAs(engine.url, starter, "GET", `/v1/instances/${instanceId}`)) as {
        nodes: Record<string, { status: string } | undefined>;
        history: Array<{ type: string; nodeId?: string; detail: { callbackId?: unknown } }>;
      };
      // A sync task (scan) needs no report: baton dev answers an unregistered plugin with {}.
      if (read.nodes[step.node]?.status === "succeeded") break;
      callbackId = read.history.findLast(
        (entry) => entry.type === "task.requested" && entry.nodeId === step.node,
      )?.detail.callbackId;
      if (callbackId === undefined) await sleep(20);
    }
    if (callbackId === undefined) continue;
    const id = String(callbackId);
    const body = JSON.stringify({ status: "succeeded", output: step.output ?? {} });
    await callAs(engine.url, undefined, "POST", `/v1/callbacks/${id}`, body, {
      "x-baton-signature": signCallback(
        engine.callbackKey,
        { tenant: TENANT, callbackId: id },
        body,
        Math.floor(Date.now() / 1000),
      ),
    });
  }
}

/** The first of `deciders` whose inbox lists a pending approval of `instanceId`, waiting up to 10 s. */
async function firstApproval(url: string, instanceId: string, deciders: readonly string[]) {
  for (let waited = 0; waited < 10_000; waited += 20) {
    for (const user of deciders) {
      const query = "/v1/approvals?status=pending&limit=100";
      const listed = (await callAs(url, user, "GET", query)) as {
        items: InboxRow[];
      };
      const row = listed.items.find((item) => item.instanceId === instanceId);
      if (row) return { user, row };
    }
    await sleep(20);
  }
  throw new ExampleStuckError(
    `${instanceId} reached no approval of ${deciders.join(", ")} within 10 s`,
  );
}

/**
 * Starts every example of `examples/` `copies` times on the engine (each as the person its input
 * names, with its `examples/{id}.input.json`, its script's leading tasks reported), so the
 * inboxes hold that many rows, and answers the last instance of each at its first approval: the
 * pages to open.
 *
 * @example
 * const [cacheChange] = await startExamples(dev, 20);
 * await page.goto(`${dev.url}${cacheChange.linkPath}`);
 */
export async function startExamples(
  engine: ExampleEngine,
  copies: number,
): Promise<StartedExample[]> {
  const { url } = engine;
  const started: StartedExample[] = [];
  for (const { templateId, starter } of EXAMPLES) {
    const input = await readFile(`examples/${templateId}.input.json`, "utf8");
    const script = JSON.parse(
      await readFile(`examples/${templateId}.script.json`, "utf8"),
    ) as ScriptStep[];
    let instanceId = "";
    for (let copy = 0; copy < copies; copy += 1) {
      const path = `/v1/flows/${templateId}/instances`;
      const answer = (await callAs(url, starter, "POST", path, `{"input":${input}}`)) as {
        instanceId: string;
      };
      instanceId = answer.instanceId;
      await playLeadingTasks(engine, instanceId, starter, script);
    }
    const { user, row } = await firstApproval(url, instanceId, decidersOf(script));
    started.push({
      templateId,
      starter,
      instanceId,
      approvalId: row.approvalId,
      approver: user,
      linkPath: new URL(row.link).pathname,
    });
  }
  return started;
}
