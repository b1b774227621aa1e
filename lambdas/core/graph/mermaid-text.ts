/**
 * Making text and node ids safe to place in mermaid flowchart source.
 *
 * Labels are always written as quoted strings (`"..."`); inside them every character mermaid
 * or the HTML renderer could read as syntax is replaced by a mermaid entity code (`#quot;`,
 * `#lt;`, `#35;`...), which mermaid turns back into the character when it draws the label.
 */

/** Characters replaced by mermaid entity codes inside a quoted label. `#` comes first. */
const ENTITIES: Readonly<Record<string, string>> = {
  "#": "#35;",
  '"': "#quot;",
  "<": "#lt;",
  ">": "#gt;",
  "&": "#amp;",
  "|": "#124;",
  "[": "#91;",
  "]": "#93;",
  "{": "#123;",
  "}": "#125;",
  "(": "#40;",
  ")": "#41;",
  "`": "#96;",
  "\\": "#92;",
};

const SPECIAL = /[#"<>&|[\]{}()`\\]/g;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]+/g;

/**
 * Escapes one line of label text for a quoted mermaid label: control characters and line
 * breaks become a space, syntax characters become entity codes. The result contains no `"`,
 * no bracket, no `<` or `>` and no line break, so it cannot end the label or start markup.
 *
 * @example
 * mermaidText('Say "hi" <b>'); // 'Say #quot;hi#quot; #lt;b#gt;'
 */
export function mermaidText(text: string): string {
  return text.replace(CONTROL, " ").replace(SPECIAL, (char) => ENTITIES[char] ?? char);
}

/**
 * Joins label lines with mermaid's `<br/>` after escaping each, and quotes the result.
 *
 * @example
 * mermaidLabel(["Lead approval", "any"]); // '"Lead approval<br/>any"'
 */
export function mermaidLabel(lines: readonly string[]): string {
  return `"${lines.map(mermaidText).join("<br/>")}"`;
}

/**
 * The mermaid id of a template node: `n_` followed by the node id with `_` doubled, `-`
 * written `_h` and any other character outside `[A-Za-z0-9]` written `_u<hex code point>_`.
 * The prefix keeps ids such as `end`, `graph` or `class` (mermaid keywords) and ids starting
 * with `o` or `x` (edge markers) harmless; the rewriting leaves only letters, digits and `_`,
 * and two different node ids never share a mermaid id.
 *
 * @example
 * mermaidId("end");          // "n_end"
 * mermaidId("legal-review"); // "n_legal_hreview"
 */
export function mermaidId(nodeId: string): string {
  return `n_${nodeId.replace(/[^A-Za-z0-9]/gu, escapeIdChar)}`;
}

function escapeIdChar(char: string): string {
  if (char === "_") return "__";
  if (char === "-") return "_h";
  return `_u${(char.codePointAt(0) ?? 0).toString(16)}_`;
}
