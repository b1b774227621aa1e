import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  EDGE_STATUSES,
  type InstanceState,
  NODE_STATUSES,
} from "../../lambdas/core/engine/instance-state.ts";
import { ReferenceEngine } from "../../lambdas/core/engine/reference-engine.ts";
import { flowSvg } from "../../lambdas/core/graph/flow-svg.ts";
import { FLOW_SVG_CSS } from "../../lambdas/core/graph/flow-svg-style.ts";
import { nodeLabelLines } from "../../lambdas/core/graph/picture-labels.ts";
import { PictureRefusedError } from "../../lambdas/core/graph/picture-refused-error.ts";
import type { PictureState } from "../../lambdas/core/graph/picture-state.ts";
import { readPictureState } from "../../lambdas/core/graph/read-picture-state.ts";
import { textWidth, wrapLine, xmlText } from "../../lambdas/core/graph/svg-text.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import {
  withNodeDefaults,
  withTemplateDefaults,
} from "../../lambdas/core/model/template-defaults.ts";
import { loadTemplate } from "../../lambdas/core/template/load-template.ts";
import { isTemplateFileName } from "../../lambdas/core/template/template-file-name.ts";
import { templateArbitrary } from "../support/arbitraries.ts";
import { elements, parseXml, textOf, type XmlElement } from "../support/parse-xml.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const DEFINITIONS = join(ROOT, "definitions");
const FILES = readdirSync(DEFINITIONS).filter(isTemplateFileName);

function definition(file: string): Template {
  const loaded = loadTemplate(readFileSync(join(DEFINITIONS, file), "utf8"), file);
  if (!loaded.template) throw new Error(`${file} is not a valid template`);
  return loaded.template;
}

const CACHE = definition("cache-change.yaml");
const CACHE_INPUT = JSON.parse(
  readFileSync(join(ROOT, "examples", "cache-change.input.json"), "utf8"),
) as Record<string, unknown>;

/** The lines of text of an element (its `tspan`s), in order. */
function lineTexts(element: XmlElement): string[] {
  return elements(element)
    .filter((child) => child.name === "tspan")
    .map(textOf);
}

/** The elements of a picture that carry `attribute`, in document order. */
function withAttribute(svg: string, attribute: string): XmlElement[] {
  return elements(parseXml(svg)).filter((element) => element.attributes.has(attribute));
}

function classesOf(element: XmlElement): string[] {
  return (element.attributes.get("class") ?? "").split(" ");
}

/** The node group of `id`. */
function nodeElement(svg: string, id: string): XmlElement {
  const found = withAttribute(svg, "data-node").find(
    (element) => element.attributes.get("data-node") === id,
  );
  if (!found) throw new Error(`no node ${id}`);
  return found;
}

/** The geometry of a picture: every shape's and path's coordinates, in order, without classes. */
function geometry(svg: string): string[] {
  const keys = ["x", "y", "cx", "cy", "rx", "ry", "width", "height", "d"];
  return elements(parseXml(svg))
    .filter((element) => !classesOf(element).includes("halo"))
    .map((element) => keys.map((key) => element.attributes.get(key) ?? "").join(" "));
}

/** Cache-change after its lead approved: sre active, the default edge dead. */
function cacheState(): InstanceState {
  const engine = new ReferenceEngine(CACHE);
  const started = engine.start(CACHE_INPUT);
  return engine.apply(started, { node: "lead", act: "approve", by: "zhou-min" }).state;
}

describe("flowSvg on the example definitions", () => {
  it.each(FILES)("%s draws every node with its label and every edge in order", (file) => {
    // Prepare
    const template = definition(file);

    // Act
    const svg = flowSvg(template);

    // Assess
    const nodes = withAttribute(svg, "data-node");
    expect(nodes.map((node) => node.attributes.get("data-node"))).toEqual(
      template.nodes.map((node) => node.id),
    );
    template.nodes.forEach((node, index) => {
      const label = textOf(
        nodes[index]?.children.find(
          (c) => typeof c !== "string" && c.name === "text",
        ) as XmlElement,
      );
      expect(label.replace(/\s/g, "")).toBe(nodeLabelLines(node).join("").replace(/\s/g, ""));
    });
    const edges = withAttribute(svg, "data-edge");
    expect(edges.map((edge) => edge.name)).toEqual(template.edges.map(() => "path"));
    expect(edges.map((edge) => edge.attributes.get("data-edge"))).toEqual(
      template.edges.map((_, index) => String(index)),
    );
  });

  it("labels edges with their outcome, condition and default", () => {
    // Prepare / Act
    const labels = withAttribute(flowSvg(CACHE), "data-edge-label");

    // Assess
    const byIndex = new Map(
      labels.map((label) => [label.attributes.get("data-edge-label"), lineTexts(label).join(" ")]),
    );
    expect(byIndex.get("1")).toBe(
      'input.memoryGb > 64 or input.cluster in ["live-core", "payment"]',
    );
    expect(byIndex.get("2")).toBe("default");
    expect(byIndex.get("5")).toBe("failed");
    expect(byIndex.get("6")).toBe("timedOut");
    expect(byIndex.has("0")).toBe(false);
  });

  it("marks edges that follow a failure outcome", () => {
    // Prepare / Act
    const edges = withAttribute(flowSvg(CACHE), "data-edge");

    // Assess
    const failures = edges.filter((edge) => classesOf(edge).includes("edge-failure"));
    expect(failures.map((edge) => edge.attributes.get("data-edge"))).toEqual(["5", "6"]);
  });

  it("draws each node type with its outline", () => {
    // Prepare
    const svg = flowSvg(definition("devops-release.yaml"));
    const template = definition("devops-release.yaml");
    const expected = {
      start: "ellipse",
      end: "ellipse",
      approval: "rect",
      task: "path",
      gateway: "path",
    };

    // Act
    const outlines = template.nodes.map((node) => {
      const shape = nodeElement(svg, node.id).children.find(
        (child) => typeof child !== "string" && classesOf(child).includes("shape"),
      ) as XmlElement;
      return [node.type, shape.name];
    });

    // Assess
    for (const [type, name] of outlines) expect(name).toBe(expected[type as keyof typeof expected]);
  });
});

describe("flowSvg with an instance state", () => {
  it("gives each node and edge the class of its status in the engine's state", () => {
    // Prepare
    const state = cacheState();

    // Act
    const svg = flowSvg(CACHE, { state });

    // Assess
    for (const node of CACHE.nodes) {
      expect(classesOf(nodeElement(svg, node.id))).toContain(
        `status-${state.nodes[node.id]?.status}`,
      );
    }
    expect(classesOf(nodeElement(svg, "sre"))).toContain("status-active");
    const edges = withAttribute(svg, "data-edge");
    edges.forEach((edge, index) => {
      expect(classesOf(edge)).toContain(`edge-${state.edges[index]?.status}`);
    });
    expect(classesOf(edges[0] as XmlElement)).toContain("edge-fired");
    expect(classesOf(edges[2] as XmlElement)).toContain("edge-dead");
  });

  it("colours each arrowhead like its edge", () => {
    // Prepare
    const state = cacheState();

    // Act
    const arrows = elements(parseXml(flowSvg(CACHE, { state }))).filter((element) =>
      classesOf(element).includes("arrow"),
    );

    // Assess
    expect(arrows).toHaveLength(CACHE.edges.length);
    arrows.forEach((arrow, index) => {
      expect(classesOf(arrow)).toContain(`arrow-${state.edges[index]?.status}`);
    });
  });

  it("colours by a simulation report as docs/graph.md reads it", () => {
    // Prepare
    const state = readPictureState(
      { status: "rejected", nodes: { lead: "rejected", sre: "idle" }, ignored: [] },
      CACHE,
    );

    // Act
    const svg = flowSvg(CACHE, { state });

    // Assess
    expect(classesOf(nodeElement(svg, "start"))).toContain("status-succeeded");
    expect(classesOf(nodeElement(svg, "lead"))).toContain("status-rejected");
    expect(classesOf(nodeElement(svg, "sre"))).toContain("status-waiting");
    expect(classesOf(nodeElement(svg, "end"))).toContain("status-poisoned");
    expect(classesOf(nodeElement(svg, "provision"))).toContain("status-none");
    for (const edge of withAttribute(svg, "data-edge"))
      expect(classesOf(edge)).toContain("edge-none");
  });

  it("draws nodes and edges without a state plain, and an unknown status plain", () => {
    // Prepare
    const state = {
      nodes: { lead: { status: "toString" }, sre: undefined },
      edges: [{ status: "constructor" }],
    } as unknown as PictureState;

    // Act
    const plain = flowSvg(CACHE);
    const odd = flowSvg(CACHE, { state });

    // Assess
    for (const svg of [plain, odd]) {
      for (const node of withAttribute(svg, "data-node"))
        expect(classesOf(node)).toContain("status-none");
      for (const edge of withAttribute(svg, "data-edge"))
        expect(classesOf(edge)).toContain("edge-none");
    }
  });

  it("keeps every node and edge where it was whatever the state", () => {
    // Prepare / Act
    const plain = flowSvg(CACHE);
    const coloured = flowSvg(CACHE, { state: cacheState(), highlight: "sre" });

    // Assess
    expect(geometry(coloured)).toEqual(geometry(plain));
  });

  it("says each node's status in its tooltip and the picture's description", () => {
    // Prepare / Act
    const svg = flowSvg(CACHE, { state: cacheState() });

    // Assess
    const tooltip = nodeElement(svg, "sre").children.find(
      (child) => typeof child !== "string" && child.name === "title",
    ) as XmlElement;
    expect(textOf(tooltip)).toBe("DBA / SRE capacity review · approval · active");
    const desc = elements(parseXml(svg)).find((element) => element.name === "desc") as XmlElement;
    expect(textOf(desc)).toContain("Application owner approval (approval): approved");
  });
});

describe("flowSvg highlight", () => {
  it("rings the highlighted node only", () => {
    // Prepare / Act
    const svg = flowSvg(CACHE, { highlight: "manual" });

    // Assess
    const highlighted = withAttribute(svg, "data-node").filter((node) =>
      classesOf(node).includes("highlight"),
    );
    expect(highlighted.map((node) => node.attributes.get("data-node"))).toEqual(["manual"]);
    const halos = elements(parseXml(svg)).filter((element) => classesOf(element).includes("halo"));
    expect(halos).toHaveLength(1);
    const ringed = elements(nodeElement(svg, "manual"));
    expect(ringed.some((element) => classesOf(element).includes("halo"))).toBe(true);
  });

  it("rings nothing without a highlight", () => {
    // Prepare / Act
    const svg = flowSvg(CACHE);

    // Assess
    expect(svg).not.toContain("halo");
    expect(svg).not.toContain("highlight");
  });

  it("refuses to highlight a node the template lacks", () => {
    // Prepare / Act
    const draw = () => flowSvg(CACHE, { highlight: "nobody" });

    // Assess
    expect(draw).toThrow(PictureRefusedError);
    expect(draw).toThrow('highlight: the template has no node "nobody"');
  });
});

describe("flowSvg words", () => {
  const ZH = {
    approval: "审批",
    task: "任务",
    active: "进行中",
    any: "或签",
    users: "用户",
    default: "默认",
  };

  it("writes the words a map gives and English for the others", () => {
    // Prepare / Act
    const svg = flowSvg(CACHE, { state: cacheState(), labels: ZH });

    // Assess
    const sre = textOf(nodeElement(svg, "sre"));
    expect(sre).toContain("DBA / SRE capacity review · 审批 · 进行中");
    expect(sre).toContain("用户: dba-dana, sre-sam");
    expect(sre).toContain("timeout P2D");
    const labels = withAttribute(svg, "data-edge-label").map(textOf);
    expect(labels).toContain("默认");
    expect(labels).toContain("failed");
  });

  it("asks a function for each word and keeps English where it answers nothing", () => {
    // Prepare
    const asked: string[] = [];
    const labels = (word: string) => {
      asked.push(word);
      return word === "gateway" ? "网关" : word === "approval" ? "" : undefined;
    };

    // Act
    const svg = flowSvg(definition("devops-release.yaml"), { labels });

    // Assess
    expect(asked).toContain("approval");
    expect(svg).toContain("(网关)");
    expect(svg).toContain("(approval)");
  });

  it("names the picture by its title, else the template's name", () => {
    // Prepare / Act
    const named = parseXml(flowSvg(CACHE));
    const titled = parseXml(flowSvg(CACHE, { title: "缓存变更 <v1>" }));

    // Assess
    expect(textOf(named.children.find((c) => typeof c !== "string") as XmlElement)).toBe(
      "Cache resource change",
    );
    expect(textOf(titled.children.find((c) => typeof c !== "string") as XmlElement)).toBe(
      "缓存变更 <v1>",
    );
  });
});

describe("flowSvg escaping", () => {
  const HOSTILE = `</text><script>alert("x")</script> & &amp; 'q' \u0000\u0007\ud800 ]]> <!-- -->`;
  const SANITISED = `</text><script>alert("x")</script> & &amp; 'q' \ufffd\ufffd\ufffd ]]> <!-- -->`;
  const template: Template = withTemplateDefaults({
    id: "evil",
    version: 1,
    name: HOSTILE,
    nodes: [
      { id: "start", type: "start", name: HOSTILE },
      { id: 'a"b<c>&', type: "approval", name: HOSTILE, approvers: { users: ["<u>", "&"] } },
      { id: "t", type: "task", plugin: "<img src=x onerror=alert(1)>", name: "t" },
      { id: "end", type: "end" },
    ],
    edges: [
      { from: "start", to: 'a"b<c>&', when: { 'input.x"]<': { $in: ["<b>", "&lt;"] } } },
      { from: 'a"b<c>&', to: "t" },
      { from: "t", to: "end" },
      { from: 'a"b<c>&', to: "end", on: "rejected" },
    ],
  });

  it("keeps hostile names, ids, plugins and conditions as text", () => {
    // Prepare / Act
    const svg = flowSvg(template, { highlight: 'a"b<c>&', title: HOSTILE });
    const root = parseXml(svg);

    // Assess
    expect(elements(root).map((element) => element.name)).not.toContain("script");
    expect(elements(root).map((element) => element.name)).not.toContain("img");
    expect(nodeElement(svg, 'a"b<c>&')).toBeDefined();
    expect(textOf(nodeElement(svg, "start")).replace(/\s/g, "")).toContain(
      SANITISED.replace(/\s/g, ""),
    );
    expect(textOf(nodeElement(svg, "t"))).toContain("<img src=x onerror=alert(1)> · sync");
    const label = withAttribute(svg, "data-edge-label")[0] as XmlElement;
    expect(textOf(label)).toBe('input.x"]< in ["<b>", "&lt;"]');
  });

  it("writes no style, script, event handler or colour attribute", () => {
    // Prepare / Act
    const all = elements(parseXml(flowSvg(template, { state: cacheState() as never })));

    // Assess
    for (const element of all) {
      for (const name of element.attributes.keys()) {
        expect(["style", "fill", "stroke", "color"]).not.toContain(name);
        expect(name.startsWith("on")).toBe(false);
      }
    }
  });

  it("escapes markup, quotes and characters XML forbids", () => {
    // Prepare / Act
    const text = xmlText(`<a href="x">'&'</a>\u0000\u2028\n\ud83d\ude00\udc00`);

    // Assess
    expect(text).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;\ufffd  😀\ufffd");
  });
});

describe("the picture's stylesheet", () => {
  it("styles every node status, every edge status and the plain look", () => {
    // Assess
    for (const status of [...NODE_STATUSES])
      expect(FLOW_SVG_CSS).toContain(`.status-${status} .shape {`);
    for (const status of [...EDGE_STATUSES, "none"]) {
      expect(FLOW_SVG_CSS).toContain(`.edge-${status} {`);
      expect(FLOW_SVG_CSS).toContain(`.arrow-${status} {`);
    }
    expect(FLOW_SVG_CSS).toContain(".halo {");
  });

  it("colours a status as the mermaid picture does", () => {
    // Assess
    expect(FLOW_SVG_CSS).toContain(
      ".status-active .shape { fill: #fff8c5; stroke: #bf8700; stroke-width: 3px;",
    );
    expect(FLOW_SVG_CSS).toContain(".edge-fired { stroke: #1a7f37; stroke-width: 4px; }");
  });

  it("can sit in a <style> element as it is", () => {
    // Assess
    expect(FLOW_SVG_CSS).not.toMatch(/[<&]/);
  });

  it("is embedded only when asked", () => {
    // Prepare / Act
    const embedded = elements(parseXml(flowSvg(CACHE, { embedStyle: true })));
    const bare = elements(parseXml(flowSvg(CACHE)));

    // Assess
    const style = embedded.find((element) => element.name === "style") as XmlElement;
    expect(textOf(style)).toBe(FLOW_SVG_CSS);
    expect(bare.some((element) => element.name === "style")).toBe(false);
  });
});

describe("flowSvg refuses a broken template", () => {
  it("refuses two nodes with one id", () => {
    // Prepare
    const template = {
      ...CACHE,
      nodes: [...CACHE.nodes, withNodeDefaults({ id: "lead", type: "gateway" })],
    };

    // Act / Assess
    expect(() => flowSvg(template)).toThrow(PictureRefusedError);
  });

  it("refuses an edge to a node the template lacks, naming it", () => {
    // Prepare
    const template = { ...CACHE, edges: [...CACHE.edges, { from: "lead", to: "ghost" }] };

    // Act / Assess
    expect(() => flowSvg(template)).toThrow(
      new PictureRefusedError('edges[8] names "ghost", not a node of the template'),
    );
  });
});

describe("flowSvg properties", () => {
  /** A random template with random (often hostile) names and a random state. */
  const drawing = templateArbitrary().chain((template) =>
    fc.record({
      template: fc
        .array(fc.option(fc.string({ unit: "binary", maxLength: 40 }), { nil: undefined }), {
          minLength: template.nodes.length,
          maxLength: template.nodes.length,
        })
        .map((names) => ({
          ...template,
          nodes: template.nodes.map((node, index) => {
            const name = names[index];
            return name === undefined ? node : { ...node, name };
          }),
        })),
      state: fc.option(
        fc.record({
          nodes: fc.dictionary(
            fc.constantFrom(...template.nodes.map((node) => node.id)),
            fc.record({ status: fc.constantFrom(...NODE_STATUSES) }),
          ),
          edges: fc.array(fc.record({ status: fc.constantFrom(...EDGE_STATUSES) }), {
            minLength: template.edges.length,
            maxLength: template.edges.length,
          }),
        }),
        { nil: undefined },
      ),
      highlight: fc.option(fc.constantFrom(...template.nodes.map((node) => node.id)), {
        nil: undefined,
      }),
    }),
  );

  it("draws every template without throwing, deterministically, well-formed, one element per node and edge", () => {
    fc.assert(
      fc.property(drawing, ({ template, state, highlight }) => {
        // Act
        const options = { ...(state ? { state } : {}), ...(highlight ? { highlight } : {}) };
        const svg = flowSvg(template, options);

        // Assess
        expect(flowSvg(structuredClone(template), structuredClone(options))).toBe(svg);
        const root = parseXml(svg);
        expect(root.name).toBe("svg");
        expect(root.attributes.get("role")).toBe("img");
        const all = elements(root);
        const nodes = all.filter((element) => element.attributes.has("data-node"));
        expect(nodes.map((node) => node.attributes.get("data-node"))).toEqual(
          template.nodes.map((node) => node.id),
        );
        const edges = all.filter((element) => element.attributes.has("data-edge"));
        expect(edges.map((edge) => edge.attributes.get("data-edge"))).toEqual(
          template.edges.map((_, index) => String(index)),
        );
        nodes.forEach((node, index) => {
          const id = template.nodes[index]?.id ?? "";
          const status = state && Object.hasOwn(state.nodes, id) ? state.nodes[id]?.status : "none";
          expect(classesOf(node)).toContain(`status-${status}`);
        });
        for (const element of all) {
          for (const key of ["x", "y", "width", "height", "cx", "cy", "rx", "ry", "d", "viewBox"]) {
            expect(element.attributes.get(key) ?? "").not.toMatch(/NaN|Infinity|undefined/);
          }
        }
      }),
    );
  });

  it("wraps a line into lines within the width, keeping every character in order", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), fc.integer({ min: 1, max: 40 }), (text, ems) => {
        // Act
        const lines = wrapLine(text, ems);

        // Assess
        expect(lines.join("").replace(/ /g, "")).toBe(text.replace(/ /g, ""));
        for (const line of lines) {
          expect(textWidth(line) <= ems || [...line.trim()].length <= 1).toBe(true);
        }
      }),
    );
  });
});

describe("flowSvg in the browser", () => {
  it("bundles for the browser with esbuild, with no Node module", async () => {
    // Prepare / Act
    const result = await build({
      entryPoints: [join(ROOT, "lambdas", "core", "graph", "flow-svg.ts")],
      bundle: true,
      format: "esm",
      platform: "browser",
      minify: true,
      write: false,
      metafile: true,
      logLevel: "silent",
    });

    // Assess
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.includes("@dagrejs/dagre"))).toBe(true);
    expect(inputs.filter((input) => input.startsWith("node:"))).toEqual([]);
  });
});
