import type { Metafile } from "esbuild";

/**
 * The modules a bundle leaves out and imports as it loads (not those it imports later), from
 * esbuild's metafile, sorted.
 *
 * @example
 * const { metafile } = await build({ ...handlerBuildOptions("step"), metafile: true, write: false });
 * staticExternals(metafile); // ["@aws-lambda-powertools/logger", "@aws-sdk/client-dynamodb", …]
 */
export function staticExternals(metafile: Metafile): string[] {
  const imports = Object.values(metafile.outputs).flatMap((output) => output.imports);
  return [
    ...new Set(
      imports
        .filter(({ external, kind }) => external && kind === "import-statement")
        .map(({ path }) => path),
    ),
  ].sort();
}
