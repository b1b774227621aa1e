import { approval, flow } from "./template-builder.ts";

/**
 * A template whose approval carries a form, with formats (none of the examples' approvals
 * has a form): for what is compiled from the deployed templates' forms.
 */
export const FORMED_TEMPLATE = {
  ...flow(
    [
      approval("review", ["rita"], {
        form: {
          type: "object",
          required: ["level"],
          properties: {
            level: { type: "integer", maximum: 3 },
            email: { type: "string", format: "email" },
            when: { type: "string", format: "date-time" },
          },
        },
      }),
    ],
    ["start>review", "review>end"],
  ),
  id: "formed-review",
};
