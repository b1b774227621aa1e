/**
 * Text in an SVG picture drawn without a browser: escaping for XML, an estimate of how wide a
 * line is (no DOM to measure with, on the server) and wrapping long lines to a width.
 */

const XML_ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g;
const LINE_BREAKS = /[\t\n\r\u2028\u2029]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text made safe for XML content and quoted attribute values, inside an HTML page or in an
 * `.svg` file: markup characters become entities, tabs and line breaks a space, characters XML
 * forbids (other controls, lone surrogates, U+FFFE/U+FFFF) U+FFFD.
 *
 * @example
 * xmlText('<b title="x">'); // "&lt;b title=&quot;x&quot;&gt;"
 */
export function xmlText(text: string): string {
  return text
    .replace(LINE_BREAKS, " ")
    .replace(NOT_XML, "\ufffd")
    .replace(LONE_SURROGATE, "\ufffd")
    .replace(/[&<>"']/g, (char) => XML_ENTITIES[char] ?? char);
}

/** Characters about a third of an em wide in ordinary sans-serif faces. */
const NARROW = new Set(" !'(),./:;I[]fijlrt|·");
/** Characters about seven tenths of an em wide. */
const BROAD = new Set("%@MWmw—");

/**
 * Whether a code point is drawn a full em wide: CJK ideographs, kana, hangul, full-width forms
 * and the like (a generous reading of East Asian Wide), and emoji.
 */
function isWide(codePoint: number): boolean {
  return (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    codePoint >= 0x1f000
  );
}

/** Estimated width of one character, in ems. */
function charWidth(char: string): number {
  if (NARROW.has(char)) return 0.32;
  if (BROAD.has(char)) return 0.85;
  const codePoint = char.codePointAt(0) ?? 0;
  if (isWide(codePoint)) return 1;
  if (char >= "A" && char <= "Z") return 0.7;
  return 0.6;
}

/**
 * An estimate of a line's width in ems for the sans-serif faces pages use, on the generous side
 * so that text fits the box drawn around it: a picture is laid out where no font can be measured.
 *
 * @example
 * textWidth("start");  // 2.16
 * textWidth("审批");    // 2
 */
export function textWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/**
 * A line broken into lines no wider than `maxEms` (by {@link textWidth}): at spaces where it
 * can, inside a word longer than the width where it must. Every character but the spaces broken
 * at is kept, in order; a line is wider than `maxEms` only when it is one character.
 *
 * @example
 * wrapLine("input.amount > 1000 and input.urgent == true", 12);
 * // ["input.amount > 1000", "and input.urgent == true"]
 */
export function wrapLine(text: string, maxEms: number): string[] {
  if (textWidth(text) <= maxEms) return [text];
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    const candidate = line === "" ? word : `${line} ${word}`;
    if (textWidth(candidate) <= maxEms) {
      line = candidate;
      continue;
    }
    if (line !== "") lines.push(line);
    line = "";
    for (const char of word) {
      if (line !== "" && textWidth(line + char) > maxEms) {
        lines.push(line);
        line = "";
      }
      line += char;
    }
  }
  lines.push(line);
  return lines;
}
