import { createHash } from "node:crypto";
import type { Template } from "../model/template.ts";

/** A template in its canonical form, and the hash that tells two versions' contents apart. */
export interface CanonicalTemplate {
  /** JSON with object keys sorted at every level and no whitespace. */
  json: string;
  /** `sha256:` and the hex SHA-256 of {@link CanonicalTemplate.json}. */
  hash: string;
}

/** JSON with object keys sorted at every level; `undefined` properties are left out, as JSON does. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The canonical form of a validated template and its content hash. The hash is of the parsed
 * template, not of the file's text: comments, whitespace, quoting, key order, YAML or JSON and
 * the editor's `$schema` hint do not count, any change to what the template says does. It is
 * how a template catalog tells a file that only looks different from a changed version.
 *
 * @example
 * const { hash } = canonicalTemplate(template);
 * hash === canonicalTemplate(structuredClone(template)).hash; // true
 */
export function canonicalTemplate(template: Template): CanonicalTemplate {
  const json = canonicalJson(template);
  return { json, hash: `sha256:${createHash("sha256").update(json).digest("hex")}` };
}
