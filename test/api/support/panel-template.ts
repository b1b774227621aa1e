import type { Template } from "../../../lambdas/core/model/template.ts";
import { approval, flow } from "../../support/template-builder.ts";

/** The 50 members of the panel: `p01` … `p50`. */
export const PANEL = Array.from(
  { length: 50 },
  (_, index) => `p${String(index + 1).padStart(2, "0")}`,
);

/**
 * `panel`: one `any` approval decided by any of 50 users, with a form (a level from 1 to 3, a
 * reason, an urgent flag), then the end.
 */
export const PANEL_TEMPLATE: Template = flow(
  [
    approval("review", PANEL, {
      name: "Panel review",
      form: {
        type: "object",
        required: ["level"],
        additionalProperties: false,
        properties: {
          level: { type: "integer", minimum: 1, maximum: 3, title: "Risk level" },
          reason: { type: "string", enum: ["routine", "exception"] },
          urgent: { type: "boolean" },
        },
      },
    }),
  ],
  ["start>review", "review>end"],
  {
    id: "panel",
    name: "Panel decision",
    input: { type: "object", properties: { what: { type: "string" } } },
  },
);
