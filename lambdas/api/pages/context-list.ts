import { escapeHtml } from "./escape-html.ts";

/** How deep nested values are drawn as lists; deeper ones are written as JSON text. */
const MAX_DEPTH = 8;

/** What a value with nothing in it shows. */
export interface EmptyWords {
  /** An empty object or array. */
  empty: string;
  /** `null`. */
  none: string;
}

function valueHtml(value: unknown, words: EmptyWords, depth: number): string {
  if (value === null || value === undefined)
    return `<span class="muted">${escapeHtml(words.none)}</span>`;
  if (typeof value !== "object") return escapeHtml(String(value));
  if (depth >= MAX_DEPTH) return `<code>${escapeHtml(JSON.stringify(value))}</code>`;
  if (Array.isArray(value)) {
    if (value.length === 0) return `<span class="muted">${escapeHtml(words.empty)}</span>`;
    const items = value.map((item) => `<li>${valueHtml(item, words, depth + 1)}</li>`);
    return `<ol class="context-list">${items.join("")}</ol>`;
  }
  return objectHtml(value as Record<string, unknown>, words, depth);
}

function objectHtml(value: Record<string, unknown>, words: EmptyWords, depth: number): string {
  const entries = Object.entries(value);
  if (entries.length === 0) return `<span class="muted">${escapeHtml(words.empty)}</span>`;
  const items = entries.map(
    ([key, item]) => `<dt>${escapeHtml(key)}</dt><dd>${valueHtml(item, words, depth + 1)}</dd>`,
  );
  return `<dl class="context">${items.join("")}</dl>`;
}

/**
 * A JSON value (a start input, form values) drawn for people rather than as raw JSON: an object
 * as a definition list (`<dl>`, one `<dt>` per key), an array as a numbered list, nested values
 * as nested lists, scalars as text, `null` and empty collections in words. Everything is
 * escaped; past 8 levels a value is written as JSON text.
 *
 * @example
 * contextHtml({ app: "feed", owners: ["olga"] }, { empty: "empty", none: "none" });
 * // <dl class="context"><dt>app</dt><dd>feed</dd><dt>owners</dt><dd><ol class="context-list"><li>olga</li></ol></dd></dl>
 */
export function contextHtml(value: unknown, words: EmptyWords): string {
  return valueHtml(value, words, 0);
}
