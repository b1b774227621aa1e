import type { FlowAction } from "../../lambdas/core/engine/flow-action.ts";
import type { InstanceStatus } from "../../lambdas/core/engine/instance-state.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import type { NodeView } from "../../lambdas/core/operations/node-views.ts";
import type { HistoryEntry } from "../../lambdas/core/records/history-entry.ts";
import { signCallback } from "../../lambdas/core/security/callback-signature.ts";
import { decisionOf } from "../../lambdas/local/decision-of.ts";

const TENANT = "default";
/** How long a script step waits for its node to be waiting on it. */
const STEP_WAIT_MS = 15_000;
const POLL_MS = 10;

/** An HTTP answer of the API, its body parsed. */
export interface ApiAnswer {
  status: number;
  body: unknown;
}

/**
 * One engine as a script drives it: its HTTP API, signed in as a user, and what stands for the
 * world outside it — time running out on a parked node, and the plugins' answers to sync calls.
 */
export interface EngineUnderDrive {
  /** Sends a request to the API as `user` (`undefined`: no identity, as a plugin's callback). */
  request(
    method: string,
    path: string,
    user: string | undefined,
    body?: string,
    headers?: Record<string, string>,
  ): Promise<ApiAnswer>;
  /** Runs out the timeout of the node's parked task; false while none is parked. */
  timeOut(instanceId: string, node: string): Promise<boolean>;
  /** Answers the node's waiting sync plugin call; false while none waits. */
  answerPlugin(
    instanceId: string,
    node: string,
    act: "succeed" | "fail",
    output: Record<string, unknown>,
  ): boolean;
  /** The installation's callback key, which plugins sign their reports with. */
  callbackKey: string;
}

/** What a script's run came to, as the API reads the instance. */
export interface DrivenFlow {
  instanceId: string;
  status: InstanceStatus;
  reason?: string;
  nodes: Record<string, Pick<NodeView, "status" | "output">>;
  /** Every recorded decision in the order of the history: node, who, what, the verdict if any. */
  decisions: { node?: string; by?: string; action: unknown; verdict?: unknown }[];
  /** For each node, the types of its history entries, sorted (branches interleave freely). */
  entries: Record<string, string[]>;
}

/** What else a drive does once its script ran. */
export interface DriveOptions {
  /** The starter withdraws the instance once this node is active. @default never */
  withdrawAt?: string;
}

interface InstanceBody {
  status: InstanceStatus;
  reason?: string;
  nodes: Record<string, NodeView>;
  history: HistoryEntry[];
}

async function until<T>(what: string, attempt: () => Promise<T | undefined>): Promise<T> {
  for (const deadline = Date.now() + STEP_WAIT_MS; Date.now() < deadline; ) {
    const found = await attempt();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`waited ${STEP_WAIT_MS} ms for ${what}`);
}

function expectStatus(answer: ApiAnswer, status: number, what: string): void {
  if (answer.status !== status) {
    throw new Error(`${what} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
}

/**
 * Runs a `baton simulate` script through an engine's HTTP API, each step once its node waits
 * for it: the starter starts the flow; an approver lists their to-do inbox and decides the
 * approval found there; a callback task's report is posted, signed, to the callback id its
 * `task.requested` names; a sync task's plugin answers its waiting call; a `timeout` runs out
 * the parked node's time; then, if asked, the starter withdraws it. Waits for the instance to end, its closing done (`flow.ended` in the
 * history: the status is written first), and reads it back.
 *
 * @example
 * const driven = await driveScript(engine, template, input, script);
 * expect(driven.status).toBe("completed");
 */
export async function driveScript(
  engine: EngineUnderDrive,
  template: Template,
  input: unknown,
  script: readonly FlowAction[],
  options: DriveOptions = {},
): Promise<DrivenFlow> {
  const json = (body: unknown) => JSON.stringify(body);
  const started = await engine.request(
    "POST",
    `/v1/flows/${template.id}/instances`,
    "starter",
    json({ input }),
  );
  expectStatus(started, 201, "the start");
  const { instanceId } = started.body as { instanceId: string };
  const read = async () => {
    const answer = await engine.request("GET", `/v1/instances/${instanceId}`, "starter");
    expectStatus(answer, 200, "reading the instance");
    return answer.body as InstanceBody;
  };
  for (const action of script) {
    const node = template.nodes.find((candidate) => candidate.id === action.node);
    const step = `${action.act} of ${action.node} (${template.id})`;
    if (action.act === "timeout") {
      await until(step, async () =>
        (await engine.timeOut(instanceId, action.node)) ? true : undefined,
      );
    } else if (node?.type === "approval") {
      const by = (action as { by: string }).by;
      const approvalId = await until(step, async () => {
        const inbox = await engine.request(
          "GET",
          `/v1/approvals?assignee=${encodeURIComponent(by)}&status=pending`,
          by,
        );
        expectStatus(inbox, 200, "the inbox");
        const { items } = inbox.body as {
          items: { approvalId: string; instanceId: string; nodeId: string }[];
        };
        return items.find((item) => item.instanceId === instanceId && item.nodeId === action.node)
          ?.approvalId;
      });
      const decided = await engine.request(
        "POST",
        `/v1/approvals/${approvalId}/decision`,
        by,
        json(decisionOf(action)),
      );
      expectStatus(decided, 200, step);
    } else if (node?.type === "task" && node.mode === "callback") {
      const callbackId = await until(step, async () => {
        const { history } = await read();
        const requested = history.findLast(
          (entry) => entry.type === "task.requested" && entry.nodeId === action.node,
        );
        const id = requested?.detail.callbackId;
        return typeof id === "string" ? id : undefined;
      });
      const output = "output" in action && action.output ? { output: action.output } : {};
      const body = json({ status: action.act === "succeed" ? "succeeded" : "failed", ...output });
      const reported = await engine.request(
        "POST",
        `/v1/callbacks/${callbackId}`,
        undefined,
        body,
        {
          "x-baton-signature": signCallback(
            engine.callbackKey,
            { tenant: TENANT, callbackId },
            body,
            Math.floor(Date.now() / 1000),
          ),
        },
      );
      expectStatus(reported, 200, step);
    } else if (action.act === "succeed" || action.act === "fail") {
      const output = action.output ?? {};
      await until(step, async () =>
        engine.answerPlugin(instanceId, action.node, action.act as "succeed" | "fail", output)
          ? true
          : undefined,
      );
    } else {
      throw new TypeError(`the drive has no step ${action.act} for ${action.node}`);
    }
  }
  const { withdrawAt } = options;
  if (withdrawAt !== undefined) {
    await until(`${withdrawAt} to be active (${template.id})`, async () =>
      (await read()).nodes[withdrawAt]?.status === "active" ? true : undefined,
    );
    const withdrawn = await engine.request(
      "POST",
      `/v1/instances/${instanceId}/cancel`,
      "starter",
      "{}",
    );
    expectStatus(withdrawn, 200, "the withdraw");
  }
  const ended = await until(`the end of ${template.id}`, async () => {
    const view = await read();
    const closed = view.history.some((entry) => entry.type === "flow.ended");
    return view.status === "running" || !closed ? undefined : view;
  });
  const entries: Record<string, string[]> = {};
  for (const entry of ended.history) {
    const key = entry.nodeId ?? "(instance)";
    entries[key] = [...(entries[key] ?? []), entry.type].sort();
  }
  return {
    instanceId,
    status: ended.status,
    ...(ended.reason === undefined ? {} : { reason: ended.reason }),
    nodes: Object.fromEntries(
      Object.entries(ended.nodes).map(([id, view]) => [
        id,
        { status: view.status, ...(view.output === undefined ? {} : { output: view.output }) },
      ]),
    ),
    decisions: ended.history
      .filter((entry) => entry.type === "approval.decided")
      .map((entry) => ({
        ...(entry.nodeId === undefined ? {} : { node: entry.nodeId }),
        ...(entry.actor === undefined ? {} : { by: entry.actor }),
        action: entry.detail.action,
        ...(entry.detail.verdict === undefined ? {} : { verdict: entry.detail.verdict }),
      })),
    entries,
  };
}
