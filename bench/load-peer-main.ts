import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { runPeer } from "./load-peer.ts";

/**
 * The peer's process: `node bench/load-peer-main.ts --n N --concurrency C` runs `runPeer` and
 * prints its figures as one JSON line, so that the peak RSS is the peer's own and not the
 * driver's of the Baton run (`bench/load.ts` spawns it).
 */
const { values } = parseArgs({
  options: { n: { type: "string" }, concurrency: { type: "string" } },
});
const input = JSON.parse(await readFile("examples/cache-change.input.json", "utf8")) as Record<
  string,
  unknown
>;
const figures = await runPeer({
  n: Number(values.n),
  concurrency: Number(values.concurrency),
  input,
});
process.stdout.write(`${JSON.stringify(figures)}\n`);
