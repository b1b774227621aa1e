import { EventEmitter } from "node:events";
import { readFile } from "node:fs/promises";
import { type BpmnEngineOptions, Engine } from "bpmn-engine";
import { epochMs, type LoadFigures } from "./load-figures.ts";
import { threadSchedule, waitedBetween } from "./load-schedstat.ts";

/** How many instances the peer runs, and how many at once. */
export interface PeerLoadOptions {
  n: number;
  concurrency: number;
  /** The start input of every instance (`examples/cache-change.input.json`). */
  input: Readonly<Record<string, unknown>>;
}

/** The model: definitions/cache-change.yaml in BPMN 2.0 (its comment says how each part maps). */
const MODEL = new URL("cache-change.bpmn", import.meta.url);

/** The `when` of cache-change's edge lead → sre, as the review gateway's condition calls it. */
function needsCapacityReview(input: { memoryGb?: number; cluster?: string }): boolean {
  return (input.memoryGb ?? 0) > 64 || ["live-core", "payment"].includes(input.cluster ?? "");
}

/** What one instance went through, in epoch milliseconds. */
interface PeerTrace {
  /** When each user task's signal was sent: queued on the event loop, as a request to Baton queues in its server. */
  sentAt: Map<string, number>;
  waitingAt: Map<string, number>;
  /** When provisioning's report was sent (queued the same way). */
  reportedAt?: number;
  endedAt?: number;
  /** The end event reached: `end` (completed), `rejected` or `timedOut`. */
  endEvent?: string;
  /** The activities that ended, in order. */
  path: string[];
}

/** The callback a service task's implementation is called with. */
type ServiceCallback = (error: Error | null, output?: unknown) => void;

/** One instance on its own engine, every user task approved and provisioning reported as soon as they wait. */
async function runInstance(
  index: number,
  sourceContext: BpmnEngineOptions["sourceContext"],
  input: PeerLoadOptions["input"],
): Promise<PeerTrace> {
  const trace: PeerTrace = { sentAt: new Map(), waitingAt: new Map(), path: [] };
  const listener = new EventEmitter();
  listener.on("wait", (api: { id: string; type: string; signal: (output: unknown) => void }) => {
    if (api.type !== "bpmn:UserTask") return;
    trace.waitingAt.set(api.id, epochMs());
    trace.sentAt.set(api.id, epochMs());
    setImmediate(() => api.signal({ approved: true }));
  });
  listener.on("activity.end", (api: { id: string; type: string }) => {
    trace.path.push(api.id);
    if (api.type === "bpmn:EndEvent") {
      trace.endedAt = epochMs();
      trace.endEvent = api.id;
    }
  });
  const engine = new Engine({
    name: `cache-change-${index}`,
    sourceContext,
    variables: { input },
    services: {
      needsCapacityReview,
      provision: (_context: unknown, callback: ServiceCallback) => {
        trace.waitingAt.set("provision", epochMs());
        trace.reportedAt = epochMs();
        setImmediate(() => callback(null, { cacheId: `rc-${index}`, shards: 4 }));
      },
    },
  });
  const ended = new Promise<void>((resolve, reject) => {
    engine.once("end", () => resolve());
    engine.once("error", reject);
  });
  await engine.execute({ listener });
  await ended;
  return trace;
}

/**
 * The load benchmark's peer: `bpmn-engine` running cache-change (`bench/cache-change.bpmn`) in
 * this process, in memory (its default: nothing persisted), one `Engine` per instance, `n`
 * instances with at most `concurrency` running at once. Each user task is signalled `approved`
 * as soon as it waits, and the provisioning service reports success as soon as it is called,
 * each sent on the event loop (`setImmediate`) where it queues behind the other instances'
 * work, as a request to Baton queues in its server: the latencies run from there. The BPMN is
 * parsed once; every instance starts from the parsed definition.
 *
 * @example
 * const figures = await runPeer({ n: 1000, concurrency: 1000, input });
 * figures.instances / figures.seconds; // instances per second
 */
export async function runPeer(options: PeerLoadOptions): Promise<LoadFigures> {
  const [definition] = await new Engine({ source: await readFile(MODEL, "utf8") }).getDefinitions();
  if (!definition) throw new Error(`${MODEL.pathname} holds no definition`);
  const sourceContext = definition.context.definitionContext;
  const traces: PeerTrace[] = [];
  const cpuBefore = process.cpuUsage();
  const scheduleBefore = await threadSchedule("self");
  const startedAt = epochMs();
  let next = 0;
  const worker = async () => {
    while (next < options.n) {
      const index = next;
      next += 1;
      traces.push(await runInstance(index, sourceContext, options.input));
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.n) }, worker));
  const cpu = process.cpuUsage(cpuBefore);
  const cpuWaitSeconds = waitedBetween(scheduleBefore, await threadSchedule("self"));
  const expected = ["start", "lead", "review", "sre", "provision", "end"].join(" ");
  const wrong = traces.filter((trace) => trace.path.join(" ") !== expected);
  const since = (from: number | undefined, to: number | undefined) =>
    from === undefined || to === undefined ? [] : [to - from];
  return {
    engine: "bpmn-engine (in memory)",
    instances: options.n,
    completed: traces.length - wrong.length,
    wrong: wrong.slice(0, 10).map((trace) => `${trace.endEvent}: ${trace.path.join(" → ")}`),
    seconds: (Math.max(...traces.map((trace) => trace.endedAt ?? Number.NaN)) - startedAt) / 1000,
    decisionToNextMs: traces.flatMap((trace) => [
      ...since(trace.sentAt.get("lead"), trace.waitingAt.get("sre")),
      ...since(trace.sentAt.get("sre"), trace.waitingAt.get("provision")),
    ]),
    reportToEndMs: traces.flatMap((trace) => since(trace.reportedAt, trace.endedAt)),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    ...(cpuWaitSeconds === undefined ? {} : { cpuWaitSeconds }),
  };
}
