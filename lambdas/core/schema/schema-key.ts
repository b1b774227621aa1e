import { createHash } from "node:crypto";
import { canonicalJson } from "../json/canonical-json.ts";
import type { JsonSchema } from "../model/template.ts";

/**
 * The name of a schema's validator compiled at build time: `s` and the first 24 hex digits of
 * the SHA-256 of its content (keys in any order), an identifier a module can export. The build
 * names each validator so, and the bundle finds the validator of a schema it reads from
 * `templates.json` by the same name.
 *
 * @example
 * schemaKey({ type: "number", minimum: 0 }) === schemaKey({ minimum: 0, type: "number" }); // true
 */
export function schemaKey(schema: JsonSchema): string {
  return `s${createHash("sha256").update(canonicalJson(schema)).digest("hex").slice(0, 24)}`;
}
