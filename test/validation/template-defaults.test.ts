import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Template } from "../../lambdas/core/model/template.ts";
import {
  TEMPLATE_DEFAULTS,
  withNodeDefaults,
  withTemplateDefaults,
} from "../../lambdas/core/model/template-defaults.ts";
import { canonicalTemplate } from "../../lambdas/core/template/canonical-template.ts";
import { loadTemplate } from "../../lambdas/core/template/load-template.ts";
import { validateTemplate } from "../../lambdas/core/validation/validate-template.ts";
import templateSchema from "../../schema/baton-template.schema.json" with { type: "json" };
import { templateArbitrary } from "../support/arbitraries.ts";

/** A template file that leaves out every field with a default. */
const TERSE = `id: terse
version: 1
nodes:
  - { id: start, type: start }
  - { id: lead, type: approval, approvers: { users: [lena] } }
  - { id: grant, type: task, plugin: db.grant, retry: { attempts: 3 } }
  - { id: split, type: gateway }
  - { id: end, type: end }
edges:
  - { from: start, to: lead }
  - { from: lead, to: grant }
  - { from: grant, to: split }
  - { from: split, to: end }
`;

/** The same template with every default written out, and other spacing and key order. */
const WRITTEN_OUT = `id: terse
version: 1
nodes:
  - { type: start, id: start, name: start, join: all }
  - { id: lead, type: approval, name: lead, join: all, mode: any, approvers: { users: [lena] } }
  - id: grant
    type: task
    plugin: db.grant
    mode: sync
    retry: { backoff: 2, interval: PT1S, attempts: 3 }
    name: grant
    join: all
  - { id: split, type: gateway, name: split, join: all }
  - { id: end, type: end, name: end, join: all }
edges:
  - { from: start, to: lead }
  - { from: lead, to: grant }
  - { from: grant, to: split }
  - { from: split, to: end }
`;

function loaded(text: string): Template {
  const result = loadTemplate(text, "definitions/terse.yaml");
  if (!result.template) throw new Error(result.problems[0]?.message);
  return result.template;
}

describe("a template's defaults, written in at load", () => {
  it("gives each node left without them its name, join and mode, and a retry its interval and backoff", () => {
    // Act
    const template = loaded(TERSE);
    // Assess
    expect(template.nodes).toEqual([
      { id: "start", type: "start", name: "start", join: "all" },
      {
        id: "lead",
        type: "approval",
        approvers: { users: ["lena"] },
        name: "lead",
        join: "all",
        mode: "any",
      },
      {
        id: "grant",
        type: "task",
        plugin: "db.grant",
        name: "grant",
        join: "all",
        mode: "sync",
        retry: { attempts: 3, interval: "PT1S", backoff: 2 },
      },
      { id: "split", type: "gateway", name: "split", join: "all" },
      { id: "end", type: "end", name: "end", join: "all" },
    ]);
  });

  it("are these six values, which never change", () => {
    // A stored-data contract, not a setting: a template_versions row stored without its defaults
    // (by a Baton that did not write them in at load) is given today's when it is read, so a
    // changed default would change what an old version, and the instances running on it, mean.
    // A new behaviour comes as a new field with its own default, never as a changed default.
    expect(TEMPLATE_DEFAULTS).toEqual({
      join: "all",
      approvalMode: "any",
      taskMode: "sync",
      retryInterval: "PT1S",
      retryBackoff: 2,
    });
    expect(withNodeDefaults({ id: "split", type: "gateway" }).name).toBe("split");
  });

  it("keeps every value a file gives", () => {
    // Prepare
    const text = `id: given
version: 1
nodes:
  - { id: start, type: start, name: Begin }
  - { id: lead, type: approval, name: Lead, join: any, mode: vote, threshold: 0.5, approvers: { users: [a, b] } }
  - { id: ping, type: task, plugin: im.ping, mode: callback, retry: { attempts: 2, interval: PT5S, backoff: 1.5 } }
  - { id: end, type: end, join: any }
edges:
  - { from: start, to: lead }
  - { from: lead, to: ping }
  - { from: ping, to: end }
`;
    // Act
    const [start, lead, ping, end] = loaded(text).nodes;
    // Assess
    expect(start).toMatchObject({ name: "Begin", join: "all" });
    expect(lead).toMatchObject({ name: "Lead", join: "any", mode: "vote", threshold: 0.5 });
    expect(ping).toMatchObject({
      name: "ping",
      mode: "callback",
      retry: { attempts: 2, interval: "PT5S", backoff: 1.5 },
    });
    expect(end).toMatchObject({ name: "end", join: "any" });
  });

  it("makes a file that writes the defaults out the same template, with the same content hash", () => {
    // Act
    const terse = loaded(TERSE);
    const writtenOut = loaded(WRITTEN_OUT);
    // Assess
    expect(writtenOut).toEqual(terse);
    expect(canonicalTemplate(writtenOut).hash).toBe(canonicalTemplate(terse).hash);
  });

  it("agrees with the defaults the JSON Schema gives editors", () => {
    // Prepare
    const definitions = templateSchema.$defs;
    // Assess
    expect(definitions.node.properties.join.default).toBe(TEMPLATE_DEFAULTS.join);
    expect(definitions.approvalNode.properties.mode.default).toBe(TEMPLATE_DEFAULTS.approvalMode);
    expect(definitions.taskNode.properties.mode.default).toBe(TEMPLATE_DEFAULTS.taskMode);
  });

  it("for any template: a loaded template loads again as itself, and the defaults change nothing more", () => {
    fc.assert(
      fc.property(templateArbitrary(), (template) => {
        // Act
        const again = validateTemplate(JSON.parse(JSON.stringify(template)));
        // Assess
        expect(again).toEqual({ ok: true, template });
        expect(withTemplateDefaults(template)).toEqual(template);
      }),
      { numRuns: 100 },
    );
  });
});
