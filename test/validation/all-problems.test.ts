import { describe, expect, it } from "vitest";
import { validateTemplate } from "../../lambdas/core/validation/validate-template.ts";

describe("validateTemplate reports every problem at once", () => {
  it("lists the problems of several rules, graph rules included when the schema fails", () => {
    // Prepare: a broken approval (schema), a duplicate id, a missing node, a cycle, an orphan,
    // a bad outcome and a bad duration, all in one template.
    const document = {
      id: "many-problems",
      version: 1,
      nodes: [
        { id: "start", type: "start" },
        { id: "lead", type: "approval", approvers: { users: [] } },
        { id: "loopA", type: "gateway" },
        { id: "loopB", type: "gateway" },
        { id: "lead", type: "gateway" },
        { id: "orphan", type: "task", plugin: "x.y", timeout: "soon" },
        { id: "end", type: "end" },
        42,
      ],
      edges: [
        { from: "start", to: "lead" },
        { from: "lead", to: "loopA" },
        { from: "loopA", to: "loopB" },
        { from: "loopB", to: "loopA" },
        { from: "loopB", to: "end" },
        { from: "lead", to: "end", on: "succeeded" },
        { from: "lead", to: "nowhere", on: "rejected" },
        { from: "orphan", to: "end" },
        "not an edge",
      ],
    };

    // Act
    const result = validateTemplate(document);

    // Assess
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    const found = (rule: string, subject: { node?: string; edge?: string }) =>
      problems.some(
        (p) =>
          p.rule === rule &&
          (subject.node === undefined || p.node === subject.node) &&
          (subject.edge === undefined || p.edge === subject.edge),
      );
    expect(found("schema", { node: "lead" })).toBe(true);
    expect(found("duplicate-node-id", { node: "lead" })).toBe(true);
    expect(found("edge-missing-node", { edge: "lead→nowhere" })).toBe(true);
    expect(found("cycle", { node: "loopA" })).toBe(true);
    expect(found("unreachable-node", { node: "orphan" })).toBe(true);
    expect(found("edge-outcome", { edge: "lead→end" })).toBe(true);
    expect(found("duration", { node: "orphan" })).toBe(true);
    expect(problems.some((p) => p.message.includes("could not run"))).toBe(false);
  });

  it("orders problems by line when a locator is given", () => {
    // Prepare
    const document = { id: "x", version: 0, nodes: [], edges: [] };
    const lines: Record<string, number> = { id: 3, version: 2, nodes: 4 };

    // Act
    const result = validateTemplate(document, (path) => lines[String(path[0])]);

    // Assess
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((p) => p.line)).toEqual([...problems.map((p) => p.line)].sort());
    expect(problems[0]?.line).toBe(2);
  });

  it("turns a rule that throws into a problem of that rule", () => {
    // Prepare
    const broken = {
      id: "broken-rule",
      description: "always throws",
      check(): never {
        throw new Error("boom");
      },
    };

    // Act
    const result = validateTemplate({}, undefined, [broken]);

    // Assess
    expect(result).toEqual({
      ok: false,
      problems: [{ rule: "broken-rule", message: "the rule could not run: boom", path: [] }],
    });
  });
});
