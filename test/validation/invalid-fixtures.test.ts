import { readdir } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { loadTemplateFile } from "../../lambdas/core/template/load-template-file.ts";
import { TEMPLATE_RULES } from "../../lambdas/core/validation/template-rules.ts";

const INVALID = "test/fixtures/invalid";
const VALID = "test/fixtures/valid";

/** What each fixture must be refused for: its rule (the file name), the cause it names. */
const EXPECTED: Record<string, { node?: string; edge?: string; mentions: string[] }> = {
  schema: {
    node: "lead",
    mentions: ["approvers must have exactly one of users, path, groups, role"],
  },
  "embedded-schema": { mentions: ["input", "type"] },
  "duplicate-node-id": { node: "lead", mentions: ["`lead`", "unique"] },
  "one-start-one-end": { node: "kickoff", mentions: ["second start"] },
  "edge-missing-node": { edge: "lead→ghost", mentions: ["`ghost`"] },
  "start-end-edges": { edge: "lead→start", mentions: ["start"] },
  "edge-outcome": { edge: "lead→end", mentions: ["`failed`", "approval"] },
  "duplicate-edge": { edge: "lead→end", mentions: ["`approved`"] },
  "duplicate-default": { edge: "route→large", mentions: ["route→small"] },
  "default-edge-condition": { edge: "route→small", mentions: ["`when`"] },
  "missing-success-edge": { node: "lead", mentions: ["`approved`"] },
  cycle: { node: "review", mentions: ["review → rework → review"] },
  "unreachable-node": { node: "orphan", mentions: ["reached from start"] },
  "end-unreachable": { node: "audit", mentions: ["no path to end"] },
  "condition-query": { edge: "lead→dba", mentions: ["$where", "$or"] },
  duration: { node: "lead", mentions: ['"2 days"', "ISO-8601"] },
  "heartbeat-within-timeout": { node: "provision", mentions: ["PT2H", "PT1H"] },
  "approver-path": { node: "lead", mentions: ["`owner`", "input."] },
  "html-form": { node: "lead", mentions: ["forms/../../secrets/page.html", "`..`"] },
  "condition-node-reference": {
    edge: "finance→audit",
    mentions: ["nodes.legal.output.risk", "`legal`"],
  },
};

describe("invalid fixtures: one per rule", () => {
  it("covers every rule", async () => {
    // Prepare
    const files = await readdir(INVALID);

    // Act
    const covered = files.map((file) => file.replace(/\.yaml$/, "")).sort();

    // Assess
    expect(covered).toEqual(TEMPLATE_RULES.map((rule) => rule.id).sort());
    expect(Object.keys(EXPECTED).sort()).toEqual(covered);
  });

  for (const [rule, expected] of Object.entries(EXPECTED)) {
    it(`refuses ${rule}.yaml with rule ${rule}, naming its cause`, async () => {
      // Prepare
      const file = `${INVALID}/${rule}.yaml`;

      // Act
      const loaded = await loadTemplateFile(file);

      // Assess
      expect(loaded.template).toBeUndefined();
      const problem = loaded.problems.find((p) => p.rule === rule);
      expect(problem, JSON.stringify(loaded.problems)).toBeDefined();
      if (expected.node) expect(problem?.node).toBe(expected.node);
      if (expected.edge) expect(problem?.edge).toBe(expected.edge);
      const subject = expected.node
        ? `\`${expected.node}\``
        : expected.edge
          ? `\`${expected.edge}\``
          : "";
      expect(problem?.message).toContain(subject);
      for (const mention of expected.mentions) expect(problem?.message).toContain(mention);
      expect(problem?.line).toBeGreaterThan(2);
    });
  }
});

describe("valid fixtures", () => {
  it.each(["minimal.yaml", "cache-change.yaml", "cache-change.json"])(
    "accepts %s",
    async (name) => {
      // Prepare
      const file = `${VALID}/${name}`;

      // Act
      const loaded = await loadTemplateFile(file);

      // Assess
      expect(loaded.problems).toEqual([]);
      expect(loaded.template?.nodes.length).toBeGreaterThan(2);
    },
  );

  it("drops the editor's $schema key from the template", async () => {
    // Prepare
    const file = `${VALID}/cache-change.json`;

    // Act
    const loaded = await loadTemplateFile(file);

    // Assess
    expect(loaded.template).toBeDefined();
    expect(loaded.template).not.toHaveProperty("$schema");
  });
});
