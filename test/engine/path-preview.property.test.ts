import { readFile } from "node:fs/promises";
import { build } from "esbuild";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Directory, staticDirectory } from "../../lambdas/core/approval/directory.ts";
import type { FlowAction } from "../../lambdas/core/engine/flow-action.ts";
import { readPath } from "../../lambdas/core/engine/read-path.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import { previewPath } from "../../lambdas/core/simulation/path-preview.ts";
import { simulateReference } from "../../lambdas/core/simulation/simulate-reference.ts";
import { loadTemplateFile } from "../../lambdas/core/template/load-template-file.ts";
import { inputArbitrary, templateArbitrary } from "../support/arbitraries.ts";

const EXAMPLES = ["cache-change", "devops-release", "push-campaign", "table-permission"];

/**
 * Everyone who could be asked to decide a node, as the template names them: every user, every
 * member of every group, whoever the input's path names, every user of the role.
 */
function everyone(template: Template, nodeId: string, input: unknown, directory: Directory) {
  const node = template.nodes.find((candidate) => candidate.id === nodeId);
  if (node?.type !== "approval") return [];
  const { users, groups, path, role } = node.approvers;
  if (users) return users;
  if (groups) return groups.flat();
  if (path !== undefined) {
    const value = readPath({ input, nodes: {} }, path);
    return typeof value === "string" ? [value] : Array.isArray(value) ? value.map(String) : [];
  }
  return role === undefined ? [] : directory.usersInRole(role);
}

/**
 * The happy path written as a `baton simulate` script, independently of the preview: as many
 * rounds as there are nodes, each approving every approval by everyone who could be asked and
 * succeeding every task. Steps on nodes that are not pending are ignored by the engine.
 */
function happyScript(template: Template, input: unknown, directory: Directory): FlowAction[] {
  const round = template.nodes.flatMap((node): FlowAction[] => {
    if (node.type === "task") return [{ node: node.id, act: "succeed" }];
    return everyone(template, node.id, input, directory).map((by) => ({
      node: node.id,
      act: "approve",
      by,
    }));
  });
  return template.nodes.flatMap(() => round);
}

/**
 * The template without its approvals' `form`s: the preview decides without form values and
 * holds none to a form (no validator in the browser), where the engine refuses a decision
 * without the values a form requires, and an edge may route on them.
 */
function withoutForms(template: Template): Template {
  return {
    ...template,
    nodes: template.nodes.map((node) => {
      if (node.type !== "approval") return node;
      const { form: _form, ...rest } = node;
      return rest;
    }),
  };
}

function expectSamePath(template: Template, input: unknown, directory = staticDirectory()) {
  const preview = previewPath(template, input, { directory });
  const reference = simulateReference(template, input, happyScript(template, input, directory), {
    directory,
  }).state;
  expect(preview.status).toBe(reference.status);
  expect(preview.state.nodes).toEqual(reference.nodes);
  expect(preview.state.edges).toEqual(reference.edges);
  const activated = template.nodes
    .filter((node) => reference.nodes[node.id]?.activated)
    .map((node) => node.id);
  expect(preview.steps.map((step) => step.node).sort()).toEqual(activated.sort());
}

async function example(name: string): Promise<{ template: Template; input: unknown }> {
  const { template, problems } = await loadTemplateFile(`definitions/${name}.yaml`);
  if (!template) throw new TypeError(`definitions/${name}.yaml: ${JSON.stringify(problems)}`);
  const input: unknown = JSON.parse(await readFile(`examples/${name}.input.json`, "utf8"));
  return { template, input };
}

describe("previewPath (the start page's approval path preview)", () => {
  it.each(EXAMPLES)(
    "reaches what the reference engine reaches for the %s example",
    async (name) => {
      const { template, input } = await example(name);
      expectSamePath(template, input);
    },
  );

  it("names the approvers of cache-change as the engine resolves them, by the input", async () => {
    const { template, input } = await example("cache-change");
    const small = { ...(input as object), memoryGb: 4, cluster: "general", owner: "olga" };
    const big = { ...(input as object), memoryGb: 128, cluster: "live-core", owner: "olga" };
    const approvals = (value: unknown) =>
      previewPath(template, value)
        .steps.filter((step) => step.type === "approval")
        .map((step) => [step.node, step.approvers]);
    const lead = ["lead", [["olga"]]];
    expect(approvals(small)[0]).toEqual(lead);
    expect(approvals(big)[0]).toEqual(lead);
    expect(approvals(big).length).toBeGreaterThan(approvals(small).length);
  });

  it("says why an approval would fail when its path names nobody", async () => {
    const { template, input } = await example("cache-change");
    const lead = previewPath(template, { ...(input as object), owner: "" }).steps.find(
      (step) => step.node === "lead",
    );
    expect(lead?.error).toMatch(/input\.owner/);
    expect(lead?.approvers).toBeUndefined();
  });

  it("reaches what the reference engine reaches, for cache-change inputs its schema accepts", async () => {
    const { template } = await example("cache-change");
    const inputs = fc.record(
      {
        requester: fc.constantFrom("rita", "ron"),
        owner: fc.constantFrom("olga", "oscar"),
        app: fc.constantFrom("comments", "feed"),
        cluster: fc.constantFrom("general", "live-core", "payment", "recommendation", "archive"),
        memoryGb: fc.oneof(
          fc.integer({ min: 1, max: 1024 }),
          fc.double({ min: 0.5, max: 1024, noNaN: true }),
        ),
        reason: fc.string({ maxLength: 20 }),
      },
      { requiredKeys: ["requester", "owner", "app", "cluster", "memoryGb"] },
    );
    fc.assert(fc.property(inputs, (input) => expectSamePath(template, input)));
  });

  it("reaches what the reference engine reaches, for random templates and inputs", () => {
    const directory = staticDirectory({ ops: ["u1", "u2"] });
    fc.assert(
      fc.property(templateArbitrary().map(withoutForms), inputArbitrary, (template, input) =>
        expectSamePath(template, input, directory),
      ),
      { numRuns: 300 },
    );
  });

  it("bundles for the browser without Node or the schema validator", async () => {
    const result = await build({
      entryPoints: ["lambdas/core/simulation/path-preview.ts"],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((path) => path.includes("node_modules/sift/"))).toBe(true);
    expect(inputs.filter((path) => path.startsWith("node:") || path.includes("/ajv"))).toEqual([]);
  });
});
