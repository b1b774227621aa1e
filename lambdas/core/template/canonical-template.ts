import { createHash } from "node:crypto";
import { canonicalJson } from "../json/canonical-json.ts";
import type { Template } from "../model/template.ts";

/** A template in its canonical form, and the hash that tells two versions' contents apart. */
export interface CanonicalTemplate {
  /** JSON with object keys sorted at every level and no whitespace. */
  json: string;
  /** `sha256:` and the hex SHA-256 of {@link CanonicalTemplate.json}. */
  hash: string;
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
