import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateTemplate } from "../../lambdas/core/validation/validate-template.ts";
import { baseTemplate } from "./base-template.ts";

const nodeType = fc.constantFrom("start", "end", "approval", "task", "gateway", "timer", 7);
const id = fc.constantFrom("start", "lead", "review", "end", "x", "__proto__", "constructor", "");
const looseNode = fc.record(
  {
    id,
    type: nodeType,
    approvers: fc.oneof(
      fc.anything(),
      fc.record({ path: fc.string(), users: fc.array(fc.string()) }),
    ),
    plugin: fc.anything(),
    timeout: fc.oneof(fc.constantFrom("PT1H", "PT0S", "P", "1h"), fc.anything()),
    heartbeat: fc.oneof(fc.constantFrom("PT2H", "PT1M"), fc.anything()),
    retry: fc.anything(),
    mode: fc.anything(),
  },
  { requiredKeys: [] },
);
const looseEdge = fc.record(
  {
    from: fc.oneof(id, fc.anything()),
    to: fc.oneof(id, fc.anything()),
    on: fc.oneof(
      fc.constantFrom("approved", "rejected", "succeeded", "failed", "timedOut"),
      fc.anything(),
    ),
    when: fc.anything(),
    default: fc.anything(),
  },
  { requiredKeys: [] },
);

describe("validateTemplate on arbitrary documents", () => {
  it("never throws and no rule crashes, whatever the document", () => {
    fc.assert(
      fc.property(fc.anything(), (document) => {
        // Act
        const result = validateTemplate(document);

        // Assess
        expect(result.ok).toBe(false);
        const crashed = result.ok
          ? []
          : result.problems.filter((p) => p.message.includes("could not run"));
        expect(crashed).toEqual([]);
      }),
    );
  });

  it("never throws and no rule crashes on templates with malformed nodes and edges", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(looseNode, fc.anything()), { maxLength: 8 }),
        fc.array(fc.oneof(looseEdge, fc.anything()), { maxLength: 10 }),
        (nodes, edges) => {
          // Prepare
          const document = { ...baseTemplate(), nodes, edges };

          // Act
          const result = validateTemplate(document);

          // Assess
          const problems = result.ok ? [] : result.problems;
          expect(problems.filter((p) => p.message.includes("could not run"))).toEqual([]);
          for (const problem of problems) expect(problem.rule).toMatch(/^[a-z]+(-[a-z]+)*$/);
        },
      ),
      { numRuns: 300 },
    );
  });
});
