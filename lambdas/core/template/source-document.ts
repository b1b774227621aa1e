import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { Problem } from "../validation/problem.ts";

/** A YAML or JSON text read into a plain value, with a way back from paths to lines. */
export interface SourceDocument {
  /** The parsed value; `undefined` when the text has syntax errors. */
  value: unknown;
  /** Syntax errors (rule `syntax`), each with its line. */
  problems: Problem[];
  /**
   * The 1-based line of the deepest node of the text that lies on `path`: the key's line for an
   * object property, the item's line for a list entry.
   */
  lineOf(path: readonly (string | number)[]): number | undefined;
}

/** Aliases expand into copies; this caps how many, against "billion laughs" documents. */
const MAX_ALIAS_COUNT = 100;

/** How the text is written: YAML (the default), or JSON, whose syntax errors read better as such. */
export type SourceFormat = "yaml" | "json";

/**
 * Parses YAML (1.2 core schema, so `on:` stays a string key) or JSON, which YAML also reads.
 * Syntax errors, duplicate keys, several documents in one text and bad aliases become problems
 * with line numbers; nothing is thrown. With `format: "json"`, syntax errors are JSON's own.
 *
 * @example
 * const source = parseSourceDocument("id: leave\nversion: 1\nnodes: []\n");
 * source.value;                 // { id: "leave", version: 1, nodes: [] }
 * source.lineOf(["version"]);   // 2
 * source.lineOf(["nodes", 3]);  // 3 (the deepest node that exists)
 *
 * @param format - how the text is written
 * @default "yaml"
 */
export function parseSourceDocument(text: string, format: SourceFormat = "yaml"): SourceDocument {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const lineAt = (offset: number | undefined) =>
    offset === undefined ? undefined : lineCounter.linePos(offset).line;
  const lineOf = (path: readonly (string | number)[]) => {
    let node: unknown = document.contents;
    let line = lineAt((node as Node | null)?.range?.[0]);
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isScalar(item.key) && String(item.key.value) === String(segment),
        );
        if (!pair) break;
        line = lineAt((pair.key as Node).range?.[0]) ?? line;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === "number") {
        const item = node.items[segment];
        if (item === undefined) break;
        line = lineAt((item as Node).range?.[0]) ?? line;
        node = item;
      } else {
        break;
      }
    }
    return line;
  };
  if (format === "json") {
    const problem = jsonSyntaxProblem(text, lineAt);
    if (problem) return { value: undefined, problems: [problem], lineOf };
  }
  const problems: Problem[] = document.errors.map((error) => ({
    rule: "syntax",
    message:
      error.message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "") ?? error.message,
    path: [],
    line: error.linePos?.[0].line ?? lineAt(error.pos[0]),
  }));
  if (problems.length > 0) return { value: undefined, problems, lineOf };
  try {
    return { value: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), problems, lineOf };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { value: undefined, problems: [{ rule: "syntax", message, path: [] }], lineOf };
  }
}

/** The syntax error of a JSON text, in JSON's words, or `undefined` when it parses. */
function jsonSyntaxProblem(
  text: string,
  lineAt: (offset: number | undefined) => number | undefined,
): Problem | undefined {
  try {
    JSON.parse(text.replace(/^\uFEFF/, ""));
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = /\(line (\d+) column \d+\)/.exec(message)?.[1];
    const position = /at position (\d+)/.exec(message)?.[1];
    const problem: Problem = {
      rule: "syntax",
      message: message
        .replace(/ in JSON at position \d+.*$/, "")
        .replace(/^JSON Parse error: /, ""),
      path: [],
    };
    const at =
      line !== undefined
        ? Number(line)
        : lineAt(position === undefined ? undefined : Number(position));
    if (at !== undefined) problem.line = at;
    return problem;
  }
}
