import type { ErrorObject } from "ajv";
import type { Problem } from "./problem.ts";
import { edgeName, edgeSubject, nodeSubject } from "./problem-subjects.ts";
import { field, isRecord } from "./template-view.ts";

const TYPE_NAMES: Readonly<Record<string, string>> = {
  object: "an object",
  array: "a list",
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "true or false",
  null: "null",
};

/**
 * Turns one Ajv error on a template into a readable problem that names the node or edge, e.g.
 * "node `lead` (approval): approvers must have exactly one of users, path, groups, role".
 * Returns `undefined` for errors that only echo another one (a failed `if`).
 * The Ajv instance must run with `verbose: true` so that the error carries its schema and data.
 *
 * @example
 * const problem = describeSchemaError(validate.errors[0], document, "schema");
 * problem?.message; // "edge `lead→dba`: on \"done\" must be one of approved, rejected, ..."
 */
export function describeSchemaError(
  error: ErrorObject,
  document: unknown,
  rule: string,
): Problem | undefined {
  if (error.keyword === "if") return undefined;
  const path = instancePath(error.instancePath, document);
  const subject = subjectOf(path, document);
  const extra =
    error.keyword === "additionalProperties"
      ? String((error.params as { additionalProperty: string }).additionalProperty)
      : undefined;
  const fullPath = extra === undefined ? path : [...path, extra];
  const text = explain(error, subject.relative);
  const message = subject.name ? `${subject.name}: ${text}` : text;
  const problem: Problem = { rule, message, path: fullPath };
  if (subject.node !== undefined) problem.node = subject.node;
  if (subject.edge !== undefined) problem.edge = subject.edge;
  return problem;
}

/** The instance path as segments, array indexes as numbers. */
function instancePath(pointer: string, document: unknown): (string | number)[] {
  if (pointer === "") return [];
  const segments: (string | number)[] = [];
  let at: unknown = document;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (Array.isArray(at) && /^\d+$/.test(key)) {
      segments.push(Number(key));
      at = at[Number(key)];
    } else {
      segments.push(key);
      at = field(at, key);
    }
  }
  return segments;
}

interface Subject {
  /** How the message starts, e.g. "node `lead` (approval)"; empty for the template itself. */
  name: string;
  node?: string;
  edge?: string;
  /** The path below the node or edge (or the template). */
  relative: (string | number)[];
}

function subjectOf(path: (string | number)[], document: unknown): Subject {
  const [list, index] = path;
  const entries = field(document, String(list));
  if (
    (list === "nodes" || list === "edges") &&
    typeof index === "number" &&
    Array.isArray(entries)
  ) {
    const entry: unknown = entries[index];
    const relative = path.slice(2);
    if (list === "nodes") {
      const id = field(entry, "id");
      const type = field(entry, "type");
      if (typeof id !== "string") return { name: `nodes[${index}]`, relative };
      const known = typeof type === "string" && /^(start|end|approval|task|gateway)$/.test(type);
      return {
        name: nodeSubject({ id, type: known ? (type as "start") : undefined }),
        node: id,
        relative,
      };
    }
    const from = field(entry, "from");
    const to = field(entry, "to");
    if (typeof from !== "string" || typeof to !== "string") {
      return { name: `edges[${index}]`, relative };
    }
    return { name: edgeSubject({ from, to }), edge: edgeName({ from, to }), relative };
  }
  return { name: "template", relative: path };
}

/** `retry.interval`, `approvers.users[0]`; empty for the node or edge itself. */
function propertyName(path: readonly (string | number)[]): string {
  let name = "";
  for (const segment of path) {
    if (typeof segment === "number") name += `[${segment}]`;
    else name += name === "" ? segment : `.${segment}`;
  }
  return name;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (Number.isInteger(value)) return "an integer";
  return TYPE_NAMES[typeof value] ?? typeof value;
}

function explain(error: ErrorObject, relative: readonly (string | number)[]): string {
  const property = propertyName(relative);
  const lead = property === "" ? "" : `${property} `;
  const params = error.params as Record<string, unknown>;
  const parent = isRecord(error.parentSchema) ? error.parentSchema : {};
  const custom = typeof parent.errorMessage === "string" ? parent.errorMessage : undefined;
  switch (error.keyword) {
    case "required": {
      const missing = String(params.missingProperty);
      if (custom) return custom;
      return `${propertyName([...relative, missing])} is required`;
    }
    case "additionalProperties": {
      const extra = String(params.additionalProperty);
      const allowed = isRecord(parent.properties) ? Object.keys(parent.properties) : [];
      const list = allowed.length > 0 ? ` (allowed: ${allowed.join(", ")})` : "";
      return `unknown field \`${propertyName([...relative, extra])}\`${list}`;
    }
    case "type": {
      const types = String(params.type)
        .split(",")
        .map((type) => TYPE_NAMES[type] ?? type);
      return `${lead}must be ${types.join(" or ")} (got ${kindOf(error.data)})`;
    }
    case "enum":
    case "const": {
      const allowed =
        error.keyword === "enum" ? (params.allowedValues as unknown[]) : [params.allowedValue];
      return `${lead}${shown(error.data)} must be one of ${allowed.map(String).join(", ")}`;
    }
    case "pattern": {
      const hint =
        typeof parent.patternErrorMessage === "string"
          ? parent.patternErrorMessage
          : `must match ${String(params.pattern)}`;
      return `${lead}${shown(error.data)} ${hint}`;
    }
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return `${lead}must be ${String(params.comparison)} ${String(params.limit)} (got ${shown(error.data)})`;
    case "minItems":
      return `${lead}must have at least ${String(params.limit)} item${params.limit === 1 ? "" : "s"}`;
    case "maxItems":
      return `${lead}must have at most ${String(params.limit)} items`;
    case "minLength":
      return params.limit === 1
        ? `${lead}must not be empty`
        : `${lead}must have at least ${String(params.limit)} characters`;
    case "dependentRequired":
      return `${propertyName([...relative, String(params.property)])} needs ${propertyName([
        ...relative,
        String(params.missingProperty),
      ])}`;
    case "not": {
      if (custom) return `${lead}${custom}`;
      const forbidden = isRecord(error.schema) ? error.schema.enum : undefined;
      if (Array.isArray(forbidden)) {
        return `${lead}${shown(error.data)} is reserved (${forbidden.map(String).join(", ")} cannot be used)`;
      }
      return `${lead}${shown(error.data)} is not allowed here`;
    }
    case "false schema":
      return `${lead}is not allowed here`;
    default:
      return `${lead}${custom ?? error.message ?? "is invalid"}`;
  }
}
