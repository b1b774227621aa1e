/**
 * JSON Schema of the body of `POST /v1/callbacks/{id}` (a `CallbackReport`).
 *
 * @example
 * { "status": "succeeded", "output": { "clusterId": "c-7" } }
 * { "status": "failed", "error": "quota exceeded" }
 */
export const CALLBACK_REPORT_SCHEMA = {
  type: "object",
  required: ["status"],
  additionalProperties: false,
  properties: {
    status: { enum: ["succeeded", "failed", "heartbeat"] },
    output: { type: "object", description: "The task's output (succeeded) or detail (failed)." },
    error: { description: "Why the task failed." },
  },
} as const;
