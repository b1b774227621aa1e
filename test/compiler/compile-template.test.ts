import { readdir } from "node:fs/promises";
import { join } from "node:path";
import aslValidator from "asl-validator";
import { describe, expect, it } from "vitest";
import type {
  ChoiceRule,
  State,
  StateMachine,
  TaskState,
} from "../../lambdas/core/compiler/asl.ts";
import { compileTemplate } from "../../lambdas/core/compiler/compile-template.ts";
import { BATON_ERRORS } from "../../lambdas/core/contract/baton-errors.ts";
import {
  LAMBDA_SERVICE_ERRORS,
  PLACEHOLDERS,
  RESOURCES,
} from "../../lambdas/core/contract/resources.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import { loadTemplateFile } from "../../lambdas/core/template/load-template-file.ts";
import { isTemplateFileName } from "../../lambdas/core/template/template-file-name.ts";
import { approval, flow, task } from "../support/template-builder.ts";

/** Every state of a definition with its name, inside Parallel branches and Map items too. */
function allStates(machine: StateMachine): [string, State][] {
  return Object.entries(machine.States).flatMap(([name, state]): [string, State][] => [
    [name, state],
    ...(state.Type === "Parallel" ? state.Branches.flatMap(allStates) : []),
    ...(state.Type === "Map" ? allStates(state.ItemProcessor) : []),
  ]);
}

function taskNamed(machine: StateMachine, name: string): TaskState {
  const state = allStates(machine).find(([key]) => key === name)?.[1];
  if (state?.Type !== "Task") throw new Error(`no Task state named ${name}`);
  return state;
}

const LAMBDA_RESOURCES: readonly string[] = [
  RESOURCES.lambdaInvoke,
  RESOURCES.lambdaInvokeWaitForToken,
];

async function examples(): Promise<Template[]> {
  const files = (await readdir("definitions")).filter(isTemplateFileName).sort();
  const templates: Template[] = [];
  for (const file of files) {
    const { template } = await loadTemplateFile(join("definitions", file));
    if (!template) throw new Error(`definitions/${file} is invalid`);
    templates.push(template);
  }
  return templates;
}

const CHAIN = flow(
  [approval("lead", ["lena"]), approval("finance", ["fay"]), approval("ceo", ["cy"])],
  ["start>lead", "lead>finance", "finance>ceo", "ceo>end"],
);

describe("compileTemplate", () => {
  it("gives byte-identical JSON when compiling the same template twice", async () => {
    // Prepare
    const templates = [CHAIN, ...(await examples())];
    for (const template of templates) {
      // Act
      const first = JSON.stringify(compileTemplate(template));
      const second = JSON.stringify(compileTemplate(structuredClone(template)));
      // Assess
      expect(second, template.id).toBe(first);
    }
  });

  it("names states readably after the nodes they run", () => {
    // Prepare
    const template = flow(
      [
        approval("lead", ["lena"]),
        task("provision", { mode: "callback" }),
        task("notify", { mode: "fire" }),
      ],
      ["start>lead", "lead>provision", "provision>notify", "notify>end"],
    );
    // Act
    const definition = compileTemplate(template);
    // Assess
    const names = allStates(definition).map(([name]) => name);
    expect(names).toEqual(
      expect.arrayContaining(["Approve lead", "Run provision", "Notify notify"]),
    );
    expect(definition.StartAt).toBe("Approve lead");
    for (const name of names) expect(name.length).toBeLessThanOrEqual(80);
  });

  it("compiles a chain of approvals to Tasks linked by Next, with no Choice or Lambda between", () => {
    // Act
    const definition = compileTemplate(CHAIN);
    // Assess
    const path: string[] = [];
    for (let name: string | undefined = definition.StartAt; name; ) {
      path.push(name);
      const state: State | undefined = definition.States[name];
      name = state && "Next" in state ? state.Next : undefined;
    }
    expect(path.slice(0, 3)).toEqual(["Approve lead", "Approve finance", "Approve ceo"]);
    const lambdas = allStates(definition).filter(
      ([, state]) => state.Type === "Task" && LAMBDA_RESOURCES.includes(state.Resource),
    );
    expect(lambdas.map(([name]) => name).sort()).toEqual([
      "Approve ceo",
      "Approve finance",
      "Approve lead",
    ]);
    const routing = allStates(definition).filter(([name]) => !name.startsWith("End: "));
    const types = new Set(routing.map(([, state]) => state.Type));
    expect(types.has("Choice")).toBe(false);
    expect(types.has("Parallel")).toBe(false);
    expect(types.has("Pass")).toBe(false);
  });

  it("tests a condition once: a Choice's part does not route again on the edge it chose", () => {
    // Prepare: a → b only if flag (else end), and b → c only if k > 1 (else end). The part
    // after `Choose a to end` holds a Choice of its own, which once made it forget that
    // a → b had already fired.
    const template = flow(
      [approval("a", ["u"]), approval("b", ["u"]), approval("c", ["u"])],
      [
        "start>a",
        { from: "a", to: "b", when: { "input.flag": true } },
        { from: "a", to: "end", default: true },
        { from: "b", to: "c", when: { "input.k": { $gt: 1 } } },
        { from: "b", to: "end", default: true },
        "c>end",
      ],
      {
        input: {
          type: "object",
          required: ["flag", "k"],
          properties: { flag: { type: "boolean" }, k: { type: "number" } },
        },
      },
    );

    // Act
    const definition = compileTemplate(template);

    // Assess: one Choice per routing decision, and none that can end in no-route
    const choices = allStates(definition).filter(([, state]) => state.Type === "Choice");
    expect(choices.map(([name]) => name).sort()).toEqual(["Choose a to end", "Choose b to end"]);
    expect(definition.States["Choose a to end"]).toMatchObject({ Default: "End: completed" });
    expect(Object.keys(definition.States)).not.toContain("End: no-route");
  });

  it("retries the Lambda service errors on every Lambda task, and every error only on a Close", async () => {
    // Prepare
    const definitions = [CHAIN, ...(await examples())].map((t) => compileTemplate(t));
    let checked = 0;
    let closes = 0;
    for (const definition of definitions) {
      for (const [name, state] of allStates(definition)) {
        if (state.Type !== "Task" || !LAMBDA_RESOURCES.includes(state.Resource)) continue;
        // Act
        const retried = (state.Retry ?? []).flatMap((retrier) => retrier.ErrorEquals);
        // Assess: a Close retries everything (no error of it is an outcome); anywhere else
        // States.ALL would retry an outcome too (a rejection would park the approval again).
        if (name.startsWith("Close ")) {
          expect(retried, name).toEqual(["States.ALL"]);
          closes += 1;
        } else {
          expect(retried, name).toEqual(expect.arrayContaining([...LAMBDA_SERVICE_ERRORS]));
          expect(retried, name).not.toContain("States.ALL");
        }
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(closes).toBeGreaterThan(3);
  });

  it("lists each rule of an Or or And once (table-permission's owner split tests PII twice)", async () => {
    // Prepare
    const definitions = (await examples()).map((t) => compileTemplate(t));
    const combined: ChoiceRule[][] = [];
    const collect = (rule: ChoiceRule): void => {
      const terms = "Or" in rule ? rule.Or : "And" in rule ? rule.And : undefined;
      if (terms) combined.push(terms);
      for (const term of terms ?? ("Not" in rule ? [rule.Not] : [])) collect(term);
    };
    // Act
    for (const definition of definitions) {
      for (const [, state] of allStates(definition)) {
        if (state.Type === "Choice") for (const choice of state.Choices) collect(choice);
      }
    }
    // Assess
    expect(combined.length).toBeGreaterThan(3);
    for (const terms of combined) {
      const texts = terms.map((term) => JSON.stringify(term));
      expect(new Set(texts).size, texts.join(" | ")).toBe(texts.length);
    }
  });

  it("parks approvals on .waitForTaskToken with TimeoutSeconds from the node's timeout", () => {
    // Prepare
    const template = flow(
      [
        approval("lead", ["lena"], { timeout: "P3D" }),
        approval("cfo", ["cy"]),
        task("provision", { mode: "callback", timeout: "PT1H", heartbeat: "PT5M" }),
      ],
      ["start>lead", "lead>cfo", "cfo>provision", "provision>end"],
    );
    // Act
    const definition = compileTemplate(template);
    // Assess
    const lead = taskNamed(definition, "Approve lead");
    expect(lead.Resource).toBe(RESOURCES.lambdaInvokeWaitForToken);
    expect(lead.Parameters?.FunctionName).toBe(PLACEHOLDERS.approvalsFunction);
    expect(lead.TimeoutSeconds).toBe(3 * 86_400);
    expect(lead.HeartbeatSeconds).toBeUndefined();
    const cfo = taskNamed(definition, "Approve cfo");
    expect(cfo.Resource).toBe(RESOURCES.lambdaInvokeWaitForToken);
    expect(cfo.TimeoutSeconds).toBeUndefined();
    const provision = taskNamed(definition, "Run provision");
    expect(provision.Resource).toBe(RESOURCES.lambdaInvokeWaitForToken);
    expect(provision.HeartbeatSeconds).toBe(300);
    expect(provision.TimeoutSeconds).toBe(3600);
  });

  it("retries a task's plugin errors 1 s apart, doubling, when its retry gives only attempts", () => {
    // Prepare
    const template = flow(
      [task("grant", { retry: { attempts: 3 } })],
      ["start>grant", "grant>end"],
    );
    // Act
    const grant = taskNamed(compileTemplate(template), "Run grant");
    // Assess
    const plugin = grant.Retry?.find((retrier) =>
      retrier.ErrorEquals.includes(BATON_ERRORS.pluginError),
    );
    expect(plugin).toEqual({
      ErrorEquals: [BATON_ERRORS.pluginError],
      IntervalSeconds: 1,
      MaxAttempts: 2,
      BackoffRate: 2,
    });
  });

  it("calls sync tasks without a task token", () => {
    // Prepare
    const template = flow([task("grant", { timeout: "PT2M" })], ["start>grant", "grant>end"]);
    // Act
    const grant = taskNamed(compileTemplate(template), "Run grant");
    // Assess
    expect(grant.Resource).toBe(RESOURCES.lambdaInvoke);
    expect(grant.TimeoutSeconds).toBe(120);
    expect(JSON.stringify(grant.Parameters)).not.toContain("$$.Task.Token");
  });

  it("compiles every example definition to one asl-validator accepts", async () => {
    // Prepare
    const templates = await examples();
    expect(templates.length).toBeGreaterThan(0);
    for (const template of templates) {
      // Act
      const definition = compileTemplate(template);
      const { isValid, errors } = aslValidator(structuredClone(definition));
      // Assess
      expect(errors, template.id).toEqual([]);
      expect(isValid, template.id).toBe(true);
    }
  });
});
