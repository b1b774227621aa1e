import { describe, expect, it } from "vitest";
import type { FlowAction } from "../../lambdas/core/engine/flow-action.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import { simulateReference } from "../../lambdas/core/simulation/simulate-reference.ts";
import { createEmbeddedBackend } from "../../lambdas/embedded/create-embedded-backend.ts";
import { DirectoryTemplateCatalog } from "../../lambdas/embedded/directory-template-catalog.ts";
import { driveScript, ScriptedPlugins } from "../support/backend-script-driver.ts";
import { approval, flow, task } from "../support/template-builder.ts";

const CASES: { name: string; template: Template; script: FlowAction[] }[] = [
  {
    name: "an approval that times out with no edge for it ends the instance timedOut",
    template: flow([approval("lead", ["al"], { timeout: "PT1H" })], ["start>lead", "lead>end"]),
    script: [{ node: "lead", act: "timeout" }],
  },
  {
    name: "an approval whose onTimeout approves goes on",
    template: flow(
      [
        approval("lead", ["al"], { timeout: "PT1H", onTimeout: "approve" }),
        approval("cfo", ["cy"]),
      ],
      ["start>lead", "lead>cfo", "cfo>end"],
    ),
    script: [
      { node: "lead", act: "timeout" },
      { node: "cfo", act: "approve", by: "cy" },
    ],
  },
  {
    name: "an approval that times out after one of its seats decided routes on that decision",
    template: flow(
      [approval("lead", ["al", "bo"], { mode: "all", timeout: "PT1H" }), approval("kept", ["kim"])],
      [
        "start>lead",
        "lead>end",
        {
          from: "lead",
          to: "kept",
          on: "timedOut",
          when: { "nodes.lead.output.decidedBy": ["al"] },
        },
        "kept>end",
      ],
    ),
    script: [
      { node: "lead", act: "approve", by: "al" },
      { node: "lead", act: "timeout" },
    ],
  },
  {
    name: "a callback task that times out follows its timedOut edge",
    template: flow(
      [task("build", { mode: "callback", timeout: "PT1H" }), approval("fix", ["al"])],
      ["start>build", "build>end", { from: "build", to: "fix", on: "timedOut" }, "fix>end"],
      {
        nodes: [
          { id: "start", type: "start" },
          task("build", { mode: "callback", timeout: "PT1H" }),
          approval("fix", ["al"]),
          { id: "end", type: "end", join: "any" },
        ],
      },
    ),
    script: [
      { node: "build", act: "timeout" },
      { node: "fix", act: "approve", by: "al" },
    ],
  },
  {
    name: "a rejection under a join: all cancels the sibling branch",
    template: flow(
      [approval("legal", ["lena"]), approval("finance", ["fei"])],
      ["start>legal", "start>finance", "legal>end", "finance>end"],
    ),
    script: [{ node: "legal", act: "reject", by: "lena" }],
  },
  {
    name: "a sync task that fails follows its failed edge",
    template: flow(
      [task("scan"), approval("review", ["al"])],
      ["start>scan", "scan>end", { from: "scan", to: "review", on: "failed" }, "review>end"],
      {
        nodes: [
          { id: "start", type: "start" },
          task("scan"),
          approval("review", ["al"]),
          { id: "end", type: "end", join: "any" },
        ],
      },
    ),
    script: [
      { node: "scan", act: "fail", output: { error: "virus" } },
      { node: "review", act: "approve", by: "al" },
    ],
  },
  {
    name: "a sync task that fails with no edge for it ends the instance failed",
    template: flow([task("scan")], ["start>scan", "scan>end"]),
    script: [{ node: "scan", act: "fail", output: { error: "virus" } }],
  },
];

describe("the embedded engine through the HTTP API gives the reference engine's statuses on timeouts, failures and withdrawals", () => {
  for (const { name, template, script } of CASES) {
    it(name, async () => {
      const catalog = new DirectoryTemplateCatalog("definitions");
      catalog.add(template);
      const plugins = new ScriptedPlugins();
      const names = template.nodes.flatMap((node) => (node.type === "task" ? [node.plugin] : []));
      const backend = createEmbeddedBackend({
        templates: catalog,
        plugins: Object.fromEntries(names.map((plugin) => [plugin, plugins.plugin])),
      });
      const expected = simulateReference(template, {}, script).report;
      const got = await driveScript(backend, plugins, template, {}, script);
      backend.executions.close();
      expect(got).toEqual({ status: expected.status, nodes: expected.nodes });
    });
  }
});
