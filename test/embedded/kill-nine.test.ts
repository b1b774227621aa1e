import type { ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { FlowAction } from "../../lambdas/core/engine/flow-action.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import { approvalId, FIRST_VISIT } from "../../lambdas/core/records/approval-record.ts";
import { parseScript } from "../../lambdas/core/simulation/parse-script.ts";
import { simulateReference } from "../../lambdas/core/simulation/simulate-reference.ts";
import { DirectoryTemplateCatalog } from "../../lambdas/embedded/directory-template-catalog.ts";
import { decisionOf } from "../../lambdas/local/decision-of.ts";
import { startBatonDev } from "../support/baton-dev-process.ts";
import { eventually } from "../support/eventually.ts";
import { postCallbackReport } from "../support/post-callback-report.ts";

const as = (user: string) => ({ "content-type": "application/json", "x-baton-user": user });

/** Polls the HTTP API every 10 ms for up to 20 s: twenty instances run at once. */
const until = <T>(read: () => Promise<T>, check: (value: T) => boolean) =>
  eventually(read, check, 2000, 10);

interface InstanceBody {
  status: string;
  nodes: Record<string, { status: string }>;
  history: { type: string; nodeId?: string; detail: Record<string, unknown> }[];
}

/** One instance of the run: its flow, its script, and how many steps go before the kill. */
interface Plan {
  template: Template;
  input: unknown;
  script: FlowAction[];
  before: number;
  instanceId?: string;
}

const catalog = new DirectoryTemplateCatalog("definitions");
await catalog.load();
const example = async (id: string) => ({
  template: (await catalog.get(id)) as Template,
  input: JSON.parse(await readFile(`examples/${id}.input.json`, "utf8")) as unknown,
  script: parseScript(JSON.parse(await readFile(`examples/${id}.script.json`, "utf8"))),
});
const cache = {
  ...(await example("cache-change")),
  input: {
    requester: "rita",
    owner: "olga",
    app: "feed",
    cluster: "general",
    memoryGb: 8,
  },
};
const approve = (node: string, by: string): FlowAction => ({ node, act: "approve", by });
const succeed = (node: string): FlowAction => ({ node, act: "succeed", output: {} });
const table = await example("table-permission");
const push = await example("push-campaign");
const release = {
  ...(await example("devops-release")),
  // Without the day-long sign-off timeout of the example: both sign, the CAB too, it deploys.
  script: [
    succeed("build"),
    succeed("scan"),
    succeed("tests"),
    approve("signoff", "qa-quinn"),
    approve("signoff", "rm-rita"),
    approve("cab", "cab-carl"),
    approve("cab", "cab-cora"),
    succeed("deploy"),
    succeed("smoke"),
  ],
};
const cacheRuns: [FlowAction[], number][] = [
  [[approve("lead", "olga"), succeed("provision")], 0],
  [[approve("lead", "olga"), succeed("provision")], 1],
  [[approve("lead", "olga"), succeed("provision")], 2],
  [[{ node: "lead", act: "reject", by: "olga" }], 0],
  [[{ node: "lead", act: "reject", by: "olga" }], 1],
  [
    [
      approve("lead", "olga"),
      { node: "provision", act: "fail", output: { error: "no capacity" } },
      approve("manual", "sre-oncall"),
    ],
    2,
  ],
];
const PLANS: Plan[] = [
  ...cacheRuns.map(([script, before]) => ({ ...cache, script, before })),
  ...[0, 1, 2, 3, 5].map((before) => ({ ...table, before })),
  ...[0, 2, 4, 6, 8].map((before) => ({ ...push, before })),
  ...[0, 3, 5, 8].map((before) => ({ ...release, before })),
];

/** Runs a script step through the API once its node waits for it; `sync` tasks run by themselves. */
async function apply(url: string, key: string, plan: Plan, action: FlowAction): Promise<void> {
  const instanceId = plan.instanceId as string;
  const node = plan.template.nodes.find((candidate) => candidate.id === action.node);
  if (node?.type === "task" && node.mode !== "callback") return;
  const read = async () =>
    (await (
      await fetch(`${url}/v1/instances/${instanceId}`, { headers: as("starter") })
    ).json()) as InstanceBody;
  // A callback task is ready for its report once its request (with the callback id) is in
  // the history, which may lag its activation by a write.
  const view = await until(
    read,
    (body) =>
      body.nodes[action.node]?.status === "active" &&
      (node?.type !== "task" ||
        body.history.some(
          (entry) => entry.type === "task.requested" && entry.nodeId === action.node,
        )),
  );
  if (node?.type === "approval") {
    const id = approvalId({ instanceId, nodeId: action.node, visit: FIRST_VISIT });
    const decided = await fetch(`${url}/v1/approvals/${id}/decision`, {
      method: "POST",
      headers: as((action as { by: string }).by),
      body: JSON.stringify(decisionOf(action)),
    });
    expect(decided.status, `${plan.template.id} ${action.node}`).toBe(200);
    return;
  }
  const reported = await postCallbackReport(url, key, view.history, action.node, {
    status: action.act === "succeed" ? "succeeded" : "failed",
    ...("output" in action && action.output ? { output: action.output } : {}),
  });
  expect(reported.status, `${plan.template.id} ${action.node}`).toBe(200);
}

describe("baton dev killed with kill -9", () => {
  const children: ChildProcess[] = [];
  const folders: string[] = [];
  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it("loses nothing: twenty instances started and partly decided before the kill all end as the reference engine says after a restart", async () => {
    const data = await mkdtemp(join(tmpdir(), "baton-kill-"));
    folders.push(data);
    const first = await startBatonDev({ data });
    children.push(first.child);
    const callbackKey = await first.callbackKey();
    await Promise.all(
      PLANS.map(async (plan) => {
        const started = await fetch(`${first.url}/v1/flows/${plan.template.id}/instances`, {
          method: "POST",
          headers: as("starter"),
          body: JSON.stringify({ input: plan.input }),
        });
        expect(started.status).toBe(201);
        plan.instanceId = ((await started.json()) as { instanceId: string }).instanceId;
        for (const action of plan.script.slice(0, plan.before)) {
          await apply(first.url, callbackKey, plan, action);
        }
      }),
    );
    // Killed the moment the last decision was answered: whatever the engine was doing is cut.
    await first.kill();

    const second = await startBatonDev({ data });
    children.push(second.child);
    // The plugins' side of the kill (a counting webhook receiver) is kill-nine-events.test.ts.
    await Promise.all(
      PLANS.map(async (plan) => {
        for (const action of plan.script.slice(plan.before)) {
          await apply(second.url, callbackKey, plan, action);
        }
      }),
    );
    const ended = await Promise.all(
      PLANS.map(async (plan) => {
        const view = await until(
          async () =>
            (await (
              await fetch(`${second.url}/v1/instances/${plan.instanceId}`, {
                headers: as("starter"),
              })
            ).json()) as InstanceBody,
          (body) => body.status !== "running",
        );
        return {
          flow: plan.template.id,
          before: plan.before,
          status: view.status,
          nodes: Object.fromEntries(
            Object.entries(view.nodes).map(([id, node]) => [id, node.status]),
          ),
        };
      }),
    );
    const expected = PLANS.map((plan) => {
      const report = simulateReference(plan.template, plan.input, plan.script).report;
      return {
        flow: plan.template.id,
        before: plan.before,
        status: report.status,
        nodes: report.nodes,
      };
    });
    expect(expected.every((run) => run.status !== "running")).toBe(true);
    expect(ended).toEqual(expected);
    const pending = await fetch(`${second.url}/v1/approvals?assignee=olga&status=pending`, {
      headers: as("olga"),
    });
    expect(((await pending.json()) as { items: unknown[] }).items).toEqual([]);
  }, 120_000);
});
