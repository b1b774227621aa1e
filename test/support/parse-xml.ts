/**
 * A small strict XML reader for tests of generated markup (SVG pictures): elements, attributes
 * in double quotes, text and the five predefined entities plus numeric references. Anything
 * else — an unbalanced or mismatched tag, a duplicate attribute, a raw `<` or `&` in text or
 * attribute, a character XML forbids, a comment, a processing instruction or more than one
 * root — throws an error naming where it went wrong.
 */

/** An element with its attributes (decoded) and its children, text decoded. */
export interface XmlElement {
  name: string;
  attributes: Map<string, string>;
  children: (XmlElement | string)[];
}

const ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
};

/** A character outside XML 1.0's `Char` production (surrogate pairs are fine, halves not). */
const NOT_XML_CHAR =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const NAME = /^[A-Za-z_][\w.:-]*/;

function decode(raw: string, where: number): string {
  if (raw.includes("<")) throw new Error(`raw "<" in text or attribute near ${where}`);
  return raw.replace(/&([^;]*);|&/g, (whole, entity: string | undefined) => {
    if (entity === undefined) throw new Error(`bare "&" near ${where}`);
    const named = ENTITIES[entity];
    if (named !== undefined) return named;
    const numeric = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(entity);
    if (!numeric?.[1]) throw new Error(`unknown entity ${whole} near ${where}`);
    const code = numeric[1].startsWith("x")
      ? Number.parseInt(numeric[1].slice(1), 16)
      : Number.parseInt(numeric[1], 10);
    return String.fromCodePoint(code);
  });
}

/**
 * Parses `text` as one XML element (leading and trailing whitespace allowed), strictly.
 *
 * @example
 * const svg = parseXml('<svg><g data-node="a"/></svg>');
 * svg.children[0]; // { name: "g", attributes: Map { "data-node" => "a" }, children: [] }
 */
export function parseXml(text: string): XmlElement {
  const bad = NOT_XML_CHAR.exec(text);
  if (bad) throw new Error(`character U+${bad[0].codePointAt(0)?.toString(16)} at ${bad.index}`);
  const document: XmlElement = { name: "#document", attributes: new Map(), children: [] };
  const stack: XmlElement[] = [document];
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf("<", at);
    const raw = text.slice(at, open === -1 ? text.length : open);
    const parent = stack.at(-1) as XmlElement;
    if (raw !== "") {
      if (parent === document && raw.trim() !== "")
        throw new Error(`text outside the root: ${raw}`);
      if (parent !== document) parent.children.push(decode(raw, at));
    }
    if (open === -1) break;
    const close = text.indexOf(">", open);
    if (close === -1) throw new Error(`unclosed tag at ${open}`);
    const tag = text.slice(open + 1, close);
    at = close + 1;
    if (tag.startsWith("/")) {
      const name = tag.slice(1).trim();
      const current = stack.pop();
      if (current === undefined || current === document || current.name !== name) {
        throw new Error(`</${name}> at ${open} closes <${current?.name}>`);
      }
      continue;
    }
    const selfClosing = tag.endsWith("/");
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const name = NAME.exec(body)?.[0];
    if (name === undefined) throw new Error(`not an element name at ${open}: <${tag}>`);
    const element: XmlElement = { name, attributes: new Map(), children: [] };
    let rest = body.slice(name.length);
    while (rest.trim() !== "") {
      const attribute = /^\s+([A-Za-z_][\w.:-]*)="([^"]*)"/.exec(rest);
      if (!attribute?.[1] || attribute[2] === undefined) {
        throw new Error(`malformed attributes in <${name}> at ${open}: ${rest}`);
      }
      if (element.attributes.has(attribute[1])) {
        throw new Error(`duplicate attribute ${attribute[1]} in <${name}> at ${open}`);
      }
      element.attributes.set(attribute[1], decode(attribute[2], open));
      rest = rest.slice(attribute[0].length);
    }
    if (parent === document && document.children.length > 0) {
      throw new Error(`a second root <${name}> at ${open}`);
    }
    parent.children.push(element);
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 1) throw new Error(`<${stack.at(-1)?.name}> is never closed`);
  const [root] = document.children;
  if (root === undefined || typeof root === "string") throw new Error("no root element");
  return root;
}

/**
 * Every element under `root` (itself included), in document order.
 *
 * @example
 * elements(parseXml(svg)).filter((element) => element.attributes.has("data-node"));
 */
export function elements(root: XmlElement): XmlElement[] {
  return [
    root,
    ...root.children.flatMap((child) => (typeof child === "string" ? [] : elements(child))),
  ];
}

/**
 * The text inside an element, all descendants' text joined in order.
 *
 * @example
 * textOf(parseXml("<text><tspan>a</tspan><tspan>b</tspan></text>")); // "ab"
 */
export function textOf(element: XmlElement): string {
  return element.children
    .map((child) => (typeof child === "string" ? child : textOf(child)))
    .join("");
}
