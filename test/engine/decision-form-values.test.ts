import { describe, expect, it } from "vitest";
import { decisionValuesRefusal } from "../../lambdas/core/approval/decision-values-refusal.ts";
import { formProblems } from "../../lambdas/core/approval/form-problems.ts";
import type { FlowAction } from "../../lambdas/core/engine/flow-action.ts";
import { ajvSchemaValidators } from "../../lambdas/core/schema/ajv-schema-validators.ts";
import { previewPath } from "../../lambdas/core/simulation/path-preview.ts";
import { simulateBoth } from "../support/simulate-both.ts";
import { approval, flow } from "../support/template-builder.ts";

/** The operations' form check, on validators Ajv compiles. */
const schemas = ajvSchemaValidators();
const formCheck = (form: Record<string, unknown>, values: unknown) =>
  formProblems(form, values, schemas);

const RISK_FORM = {
  type: "object",
  required: ["risk"],
  properties: { risk: { type: "string", enum: ["low", "high"] } },
};

/** `lead` (with RISK_FORM) routes to `high` on risk high, else to `low`; both end the flow. */
function riskFlow(mode: "any" | "all") {
  return flow(
    [
      approval("lead", ["al", "bo"], { mode, form: RISK_FORM }),
      approval("high", ["hu"]),
      approval("low", ["lu"]),
      { id: "end", type: "end", join: "any" },
    ],
    [
      "start>lead",
      { from: "lead", to: "high", when: { "nodes.lead.output.risk": "high" } },
      { from: "lead", to: "low", default: true },
      "high>end",
      "low>end",
    ],
  );
}

describe("a decision's form values are held to the node's form on every engine (docs/semantics.md §5, §8)", () => {
  const unfit: { name: string; act: "approve" | "reject"; output?: Record<string, unknown> }[] = [
    { name: "a value outside the enum", act: "approve", output: { risk: "medium" } },
    { name: "a required value missing, with a comment", act: "approve", output: { comment: "ok" } },
    { name: "a required value missing, no output at all", act: "approve" },
    { name: "a value of the wrong type", act: "approve", output: { risk: 3, comment: "ok" } },
    { name: "a reject with a value outside the enum", act: "reject", output: { risk: "medium" } },
  ];

  it.each(
    unfit.flatMap((each) => [
      { ...each, mode: "any" as const },
      { ...each, mode: "all" as const },
    ]),
  )("a decision with $name changes nothing (mode $mode)", async ({ act, output, mode }) => {
    // Prepare: the unfit decision, then al and bo decide with values that fit.
    const template = riskFlow(mode);
    const refused: FlowAction = { node: "lead", act, by: "al", ...(output ? { output } : {}) };

    // Act
    const run = await simulateBoth(template, {}, [
      refused,
      { node: "lead", act: "approve", by: "al", output: { risk: "high" } },
      { node: "lead", act: "approve", by: "bo", output: { risk: "high" } },
    ]);

    // Assess: the first step was not-permitted, not ignored; the fitting decisions count alone.
    expect(run.steps.map((step) => step.effect)).toEqual(
      mode === "any"
        ? ["not-permitted", "applied", "not-pending"]
        : ["not-permitted", "applied", "applied"],
    );
    expect(run.report.ignored).toEqual(mode === "any" ? [2] : []);
    expect(run.report.nodes).toEqual({ lead: "approved", high: "active", low: "idle" });
    expect(run.state.approvals.lead?.log.map((entry) => entry.output)).toEqual(
      mode === "any" ? [{ risk: "high" }] : [{ risk: "high" }, { risk: "high" }],
    );
  });

  it("takes values that fit and routes on them", async () => {
    // Act
    const run = await simulateBoth(riskFlow("any"), {}, [
      { node: "lead", act: "approve", by: "bo", output: { comment: "fine", risk: "low" } },
    ]);

    // Assess
    expect(run.state.context.nodes.lead?.output).toEqual({
      decidedBy: ["bo"],
      comment: "fine",
      risk: "low",
    });
    expect(run.report.nodes).toEqual({ lead: "approved", high: "idle", low: "active" });
  });

  it("does not hold a transfer or an add-sign, which carry no form values, to a required form", async () => {
    // Act
    const run = await simulateBoth(riskFlow("all"), {}, [
      { node: "lead", act: "transfer", by: "al", to: "cy" },
      { node: "lead", act: "addSign", by: "bo", user: "di", position: "after" },
      { node: "lead", act: "approve", by: "cy", output: { risk: "low" } },
      { node: "lead", act: "approve", by: "bo", output: { risk: "low" } },
      { node: "lead", act: "approve", by: "di", output: { risk: "low" } },
    ]);

    // Assess
    expect(run.steps.map((step) => step.effect)).toEqual([
      "applied",
      "applied",
      "applied",
      "applied",
      "applied",
    ]);
    expect(run.report.nodes).toEqual({ lead: "approved", high: "idle", low: "active" });
  });

  it("gives the API's refusal: one reason and the schema's lines, checked like the operations", () => {
    // Prepare
    const lead = approval("lead", ["al"], { form: RISK_FORM });

    // Act
    const medium = decisionValuesRefusal(lead, { risk: "medium" }, formCheck);
    const none = decisionValuesRefusal(lead, undefined, formCheck);
    const fits = decisionValuesRefusal(lead, { risk: "low" }, formCheck);
    const unchecked = decisionValuesRefusal(lead, { risk: "medium" });

    // Assess
    expect(medium).toEqual({
      reason: "form values do not fit the node's form",
      problems: ["form.risk must be equal to one of the allowed values"],
    });
    expect(none).toEqual({
      reason: "form values do not fit the node's form",
      problems: ["form must have required property 'risk'"],
    });
    expect(fits).toBeUndefined();
    expect(unchecked).toBeUndefined();
  });

  it("leaves the start page's path preview, which approves without values, going past a form", () => {
    // Act: the preview has no schema validator (CSP), and its happy path gives no form values.
    const preview = previewPath(riskFlow("any"), {});

    // Assess
    expect(preview.steps.map((step) => step.node)).toEqual(["start", "lead", "low", "end"]);
  });
});
