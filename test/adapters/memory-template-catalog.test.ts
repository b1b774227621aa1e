import { describe, expect, it } from "vitest";
import { MemoryTemplateCatalog } from "../../lambdas/adapters/memory/memory-template-catalog.ts";
import { approval, flow } from "../support/template-builder.ts";

const version = (id: string, number: number) => ({
  ...flow([approval("a", ["ann"])], ["start>a", "a>end"]),
  id,
  version: number,
});

describe("MemoryTemplateCatalog", () => {
  const catalog = new MemoryTemplateCatalog([
    version("expense", 2),
    version("expense", 1),
    version("leave", 1),
  ]);

  it("keeps every version, and answers the latest without one", async () => {
    expect((await catalog.get("expense"))?.version).toBe(2);
    expect((await catalog.get("expense", 1))?.version).toBe(1);
    expect(await catalog.get("expense", 3)).toBeUndefined();
    expect(await catalog.get("travel")).toBeUndefined();
  });

  it("lists the latest version of each template", async () => {
    expect((await catalog.list()).map((t) => `${t.id} v${t.version}`)).toEqual([
      "expense v2",
      "leave v1",
    ]);
  });
});
