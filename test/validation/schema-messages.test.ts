import { describe, expect, it } from "vitest";
import { validateTemplate } from "../../lambdas/core/validation/validate-template.ts";
import { baseTemplate } from "./base-template.ts";

/** The base template with node `index` (1: lead, the approval; 2: review, the task) changed. */
function withNode(index: number, change: Record<string, unknown>) {
  const template = baseTemplate();
  template.nodes[index] = { ...template.nodes[index], ...change };
  for (const [key, value] of Object.entries(change)) {
    if (value === undefined) delete template.nodes[index]?.[key];
  }
  return template;
}

function schemaMessages(document: unknown): string[] {
  const result = validateTemplate(document);
  return result.ok ? [] : result.problems.filter((p) => p.rule === "schema").map((p) => p.message);
}

const CASES: { name: string; document: unknown; message: string }[] = [
  {
    name: "an approval without approvers",
    document: withNode(1, { approvers: undefined }),
    message: "node `lead` (approval): approvers is required",
  },
  {
    name: "approvers with two kinds",
    document: withNode(1, { approvers: { users: ["a"], path: "input.owner" } }),
    message: "node `lead` (approval): approvers must have exactly one of users, path, groups, role",
  },
  {
    name: "empty approvers",
    document: withNode(1, { approvers: {} }),
    message: "node `lead` (approval): approvers must have exactly one of users, path, groups, role",
  },
  {
    name: "an empty group",
    document: withNode(1, { approvers: { groups: [["a"], []] } }),
    message: "node `lead` (approval): approvers.groups[1] must have at least 1 item",
  },
  {
    name: "a vote without threshold",
    document: withNode(1, { mode: "vote" }),
    message: "node `lead` (approval): threshold is required when mode is vote",
  },
  {
    name: "a threshold without vote",
    document: withNode(1, { mode: "all", threshold: 0.5 }),
    message: "node `lead` (approval): threshold is only allowed when mode is vote",
  },
  {
    name: "a threshold of zero",
    document: withNode(1, { mode: "vote", threshold: 0 }),
    message: "node `lead` (approval): threshold must be > 0 (got 0)",
  },
  {
    name: "onTimeout without timeout",
    document: withNode(1, { onTimeout: "approve" }),
    message: "node `lead` (approval): onTimeout needs timeout",
  },
  {
    name: "an unknown approval mode",
    document: withNode(1, { mode: "majority" }),
    message: 'node `lead` (approval): mode "majority" must be one of any, all, sequence, vote',
  },
  {
    name: "a task without plugin",
    document: withNode(2, { plugin: undefined }),
    message: "node `review` (task): plugin is required",
  },
  {
    name: "a malformed plugin name",
    document: withNode(2, { plugin: "Review Open" }),
    message: 'node `review` (task): plugin "Review Open" must be dot-separated lowercase names',
  },
  {
    name: "a heartbeat on a sync task",
    document: withNode(2, { heartbeat: "PT1M" }),
    message: "node `review` (task): heartbeat is only allowed when mode is callback",
  },
  {
    name: "too many retry attempts",
    document: withNode(2, { retry: { attempts: 11 } }),
    message: "node `review` (task): retry.attempts must be <= 10 (got 11)",
  },
  {
    name: "a field of another node type",
    document: withNode(2, { approvers: { users: ["a"] } }),
    message:
      "node `review` (task): unknown field `approvers` (allowed: id, type, name, join, plugin",
  },
  {
    name: "an unknown node type",
    document: withNode(2, { type: "timer" }),
    message: 'node `review`: type "timer" must be one of start, end, approval, task, gateway',
  },
  {
    name: "a reserved node id",
    document: withNode(2, { id: "constructor" }),
    message: 'node `constructor` (task): id "constructor" is reserved',
  },
  {
    name: "a malformed node id",
    document: withNode(2, { id: "9lives" }),
    message: 'node `9lives` (task): id "9lives" must be a letter followed by up to 63 letters',
  },
  {
    name: "an unknown edge outcome",
    document: {
      ...baseTemplate(),
      edges: [...baseTemplate().edges, { from: "lead", to: "end", on: "done" }],
    },
    message:
      'edge `lead→end`: on "done" must be one of approved, rejected, succeeded, failed, timedOut',
  },
  {
    name: "a condition that is not an object",
    document: {
      ...baseTemplate(),
      edges: [...baseTemplate().edges, { from: "review", to: "end", when: "x > 1" }],
    },
    message: "edge `review→end`: when must be an object (got a string)",
  },
  {
    name: "a bad template id and version",
    document: { ...baseTemplate(), id: "Base", version: 0 },
    message: 'template: id "Base" must be 2 to 63 lowercase letters',
  },
];

describe("rule schema: readable messages naming the node or edge", () => {
  for (const { name, document, message } of CASES) {
    it(`explains ${name}`, () => {
      // Prepare: the document above

      // Act
      const messages = schemaMessages(document);

      // Assess
      expect(
        messages.some((m) => m.startsWith(message)),
        messages.join("\n"),
      ).toBe(true);
    });
  }

  it("leaves duration syntax to the duration rule instead of reporting it twice", () => {
    // Prepare
    const document = withNode(1, { timeout: "one day" });

    // Act
    const result = validateTemplate(document);

    // Assess
    const rules = result.ok ? [] : result.problems.map((p) => p.rule);
    expect(rules).toEqual(["duration"]);
  });

  it("says so when the document is empty", () => {
    // Prepare
    const document = null;

    // Act
    const messages = schemaMessages(document);

    // Assess
    expect(messages).toEqual([
      "the document is empty; a template is an object with id, version, nodes and edges",
    ]);
  });
});
