import type { Template } from "../../lambdas/core/model/template.ts";
import { approval, flow } from "./template-builder.ts";

/**
 * `duo`: a countersign (`all`) of olga and omar with a form (a bounded integer, a patterned
 * string, an enum), then the end — the approval page's browser tests decide, transfer and
 * add-sign on it, with the mouse and with the keyboard.
 */
export const DUO: Template = flow(
  [
    approval("review", ["olga", "omar"], {
      name: "Capacity review",
      mode: "all",
      form: {
        type: "object",
        required: ["level"],
        additionalProperties: false,
        properties: {
          level: { type: "integer", minimum: 1, maximum: 3, title: "Risk level" },
          ticket: { type: "string", pattern: "^[A-Z]+-[0-9]+$", title: "Ticket" },
          size: { enum: [1, 2, 4], title: "Size" },
        },
      },
    }),
  ],
  ["start>review", "review>end"],
  { id: "duo", name: "Capacity request", input: { type: "object" } },
);
