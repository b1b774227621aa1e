import { setTimeout as sleep } from "node:timers/promises";
import { signCallback } from "../lambdas/core/security/callback-signature.ts";
import { DevProcess, type DevProcessOptions } from "./load-dev-process.ts";
import { epochMs, type LoadFigures } from "./load-figures.ts";
import { type HttpAnswer, LoadHttpClient } from "./load-http-client.ts";
import { type ThreadSchedule, threadSchedule, waitedBetween } from "./load-schedstat.ts";

/** How the Baton side of the load benchmark runs. */
export interface BatonLoadOptions extends DevProcessOptions {
  n: number;
  concurrency: number;
  /** The start input of every instance (`examples/cache-change.input.json`). */
  input: Readonly<Record<string, unknown>>;
  /** Pause between two rounds of the inbox and instance polls, in milliseconds. */
  pollMs: number;
}

/** The load benchmark's driver failed: an answer it did not expect, or instances that never ended. */
export class LoadDriverError extends Error {
  override readonly name = "LoadDriverError";
}

const TEMPLATE = "cache-change";
const TENANT = "default";
/** Who decides each approval of the run's path (lead: `input.owner`; sre: one of its two users). */
const DECIDERS = { lead: "zhou-min", sre: "sre-sam" } as const;
type ApprovalNode = keyof typeof DECIDERS;
const LAST_APPROVAL: ApprovalNode = "sre";
/** At most this many instance reads in flight at once. */
const READS_AT_ONCE = 16;

interface InboxPage {
  items: { approvalId: string; instanceId: string; nodeId: string; createdAt: string }[];
  cursor?: string;
}

interface InstanceRead {
  status: string;
  endedAt?: string;
  nodes: Record<string, { status: string }>;
  history: { type: string; nodeId?: string; at: string; detail: Record<string, unknown> }[];
}

/** One instance as the driver follows it; times in epoch milliseconds. */
interface Tracked {
  id: string;
  /** What the driver waits for next. */
  phase: "approvals" | "provision" | "reporting" | "end" | "done";
  /** When each approval's decision was sent (driver's clock; answered, it is recorded). */
  decidedAt: Map<string, number>;
  /** When each approval was opened (the engine's `createdAt`). */
  pendingAt: Map<string, number>;
  /** When provisioning was requested (its `task.requested` entry). */
  provisionAt?: number;
  /** When the control plane's report was sent (driver's clock; answered, it is recorded). */
  reportedAt?: number;
  /** When the instance ended (the engine's `endedAt`). */
  endedAt?: number;
  /** What it ended as, when not as expected. */
  wrong?: string;
  finished: PromiseWithResolvers<void>;
}

/**
 * Drives `n` instances of cache-change through `baton dev`'s HTTP API, at most `concurrency`
 * at once, as the people and the control plane would: the owner and the SRE poll their
 * inboxes (`GET /v1/approvals?assignee=U&status=pending`, every page, one round every `pollMs`)
 * and approve each new row at once; the control plane finds provisioning's callback id in the
 * instance read and reports success with a signed `POST /v1/callbacks/{id}`; the end is read
 * the same way. Latencies use the engine's own timestamps (an approval's `createdAt`, the
 * `task.requested` entry's `at`, `endedAt`), so the polls' rhythm does not enter them.
 */
class BatonLoad {
  private readonly dev: DevProcess;
  private readonly client: LoadHttpClient;
  private readonly options: BatonLoadOptions;
  private readonly instances = new Map<string, Tracked>();
  private readonly watched = new Set<Tracked>();
  private readonly requests = { start: 0, inboxPage: 0, decision: 0, instanceRead: 0, callback: 0 };
  private stopped = false;
  private failure: Error | undefined;

  constructor(dev: DevProcess, options: BatonLoadOptions) {
    this.dev = dev;
    this.client = new LoadHttpClient(dev.url);
    this.options = options;
  }

  async run(): Promise<LoadFigures> {
    const pollers = [
      ...Object.values(DECIDERS).map((user) => this.loop(() => this.pollInbox(user))),
      this.loop(() => this.pollWatched()),
    ];
    const cpuBefore = await this.dev.cpuSeconds();
    const scheduleBefore = await this.schedule();
    const driverBefore = process.cpuUsage();
    const startedAt = epochMs();
    let next = 0;
    const worker = async () => {
      while (next < this.options.n && !this.failure) {
        next += 1;
        await this.guarded(this.runOne());
      }
    };
    const deadline = setTimeout(
      () => this.fail(new LoadDriverError(`not every instance ended in time: ${this.stuck()}`)),
      60_000 + this.options.n * 100,
    );
    await Promise.all(
      Array.from({ length: Math.min(this.options.concurrency, this.options.n) }, worker),
    );
    clearTimeout(deadline);
    const driver = process.cpuUsage(driverBefore);
    const cpuAfter = await this.dev.cpuSeconds();
    const cpuWaitSeconds = waitedBetween(scheduleBefore, await this.schedule());
    const peakRssBytes = await this.dev.peakRssBytes();
    this.stopped = true;
    await Promise.all(pollers);
    this.client.close();
    if (this.failure) throw this.failure;
    const tracked = [...this.instances.values()];
    const since = (from: number | undefined, to: number | undefined) =>
      from === undefined || to === undefined ? [] : [to - from];
    return {
      engine: "Baton (baton dev: HTTP, SQLite)",
      instances: this.options.n,
      completed: tracked.filter((instance) => instance.phase === "done" && !instance.wrong).length,
      wrong: tracked.flatMap((instance) => (instance.wrong ? [instance.wrong] : [])).slice(0, 10),
      seconds: (Math.max(...tracked.map((instance) => instance.endedAt ?? 0)) - startedAt) / 1000,
      decisionToNextMs: tracked.flatMap((instance) => [
        ...since(instance.decidedAt.get("lead"), instance.pendingAt.get("sre")),
        ...since(instance.decidedAt.get("sre"), instance.provisionAt),
      ]),
      reportToEndMs: tracked.flatMap((instance) => since(instance.reportedAt, instance.endedAt)),
      ...(peakRssBytes === undefined ? {} : { peakRssBytes }),
      ...(cpuBefore === undefined || cpuAfter === undefined
        ? {}
        : { cpuSeconds: cpuAfter - cpuBefore }),
      ...(cpuWaitSeconds === undefined ? {} : { cpuWaitSeconds }),
      driverCpuSeconds: (driver.user + driver.system) / 1e6,
      requests: { ...this.requests },
    };
  }

  /** The scheduler's account of the engine's main thread. */
  private async schedule(): Promise<ThreadSchedule | undefined> {
    return this.dev.pid === undefined ? undefined : threadSchedule(this.dev.pid);
  }

  /** Starts one instance and resolves when it has ended (or the run failed). */
  private async runOne(): Promise<void> {
    const answer = await this.call("start", `/v1/flows/${TEMPLATE}/instances`, "wu-lei", {
      input: this.options.input,
    });
    if (!answer) return;
    const { instanceId } = JSON.parse(answer.text) as { instanceId: string };
    const instance: Tracked = {
      id: instanceId,
      phase: "approvals",
      decidedAt: new Map(),
      pendingAt: new Map(),
      finished: Promise.withResolvers(),
    };
    this.instances.set(instanceId, instance);
    await instance.finished.promise;
  }

  /** Runs `round` every `pollMs` until the run stops. */
  private async loop(round: () => Promise<void>): Promise<void> {
    while (!this.stopped) {
      await this.guarded(round());
      await sleep(this.options.pollMs);
    }
  }

  /** Waits for `work`; if it throws (the engine unreachable, say), the run fails with the error. */
  private async guarded(work: Promise<void>): Promise<void> {
    await work.catch((error: unknown) =>
      this.fail(error instanceof Error ? error : new Error(String(error))),
    );
  }

  /** Reads every page of `user`'s pending approvals and decides each one not yet decided. */
  private async pollInbox(user: string): Promise<void> {
    let cursor: string | undefined;
    do {
      const query = `assignee=${user}&status=pending&limit=100${cursor ? `&cursor=${cursor}` : ""}`;
      const answer = await this.call("inboxPage", `/v1/approvals?${query}`, user);
      if (!answer) return;
      const page = JSON.parse(answer.text) as InboxPage;
      for (const item of page.items) {
        const instance = this.instances.get(item.instanceId);
        // An instance whose start was not answered yet is taken up in the next round.
        if (!instance || instance.pendingAt.has(item.nodeId)) continue;
        instance.pendingAt.set(item.nodeId, Date.parse(item.createdAt));
        void this.guarded(this.decide(instance, item.nodeId as ApprovalNode, item.approvalId));
      }
      cursor = page.cursor;
    } while (cursor && !this.stopped);
  }

  private async decide(instance: Tracked, node: ApprovalNode, approvalId: string): Promise<void> {
    const path = `/v1/approvals/${approvalId}/decision`;
    const sentAt = epochMs();
    const answer = await this.call("decision", path, DECIDERS[node], { action: "approve" });
    if (!answer) return;
    instance.decidedAt.set(node, sentAt);
    if (node === LAST_APPROVAL && instance.phase === "approvals") {
      instance.phase = "provision";
      this.watched.add(instance);
    }
  }

  /** Reads each instance waiting for provisioning or its end, at most {@link READS_AT_ONCE} at once. */
  private async pollWatched(): Promise<void> {
    const due = [...this.watched].filter(
      (instance) => instance.phase === "provision" || instance.phase === "end",
    );
    const work = async () => {
      for (let instance = due.pop(); instance; instance = due.pop()) await this.check(instance);
    };
    await Promise.all(Array.from({ length: READS_AT_ONCE }, work));
  }

  private async check(instance: Tracked): Promise<void> {
    const answer = await this.call("instanceRead", `/v1/instances/${instance.id}`, "wu-lei");
    if (!answer) return;
    const read = JSON.parse(answer.text) as InstanceRead;
    if (read.status !== "running") return this.finish(instance, read);
    if (instance.phase !== "provision") return;
    const requested = read.history.findLast(
      (entry) => entry.type === "task.requested" && entry.nodeId === "provision",
    );
    const callbackId = requested?.detail.callbackId;
    if (!requested || typeof callbackId !== "string") return;
    instance.provisionAt = Date.parse(requested.at);
    instance.phase = "reporting";
    const body = JSON.stringify({ status: "succeeded", output: { cacheId: `rc-${instance.id}` } });
    const sentAt = epochMs();
    const reported = await this.call("callback", `/v1/callbacks/${callbackId}`, undefined, body, {
      "x-baton-signature": signCallback(
        this.dev.callbackKey,
        { tenant: TENANT, callbackId },
        body,
        Math.floor(Date.now() / 1000),
      ),
    });
    if (!reported) return;
    instance.reportedAt = sentAt;
    instance.phase = "end";
  }

  /** Records how the instance ended: completed, with both approvals approved and provisioning succeeded, is right. */
  private finish(instance: Tracked, read: InstanceRead): void {
    instance.endedAt = read.endedAt ? Date.parse(read.endedAt) : epochMs();
    const outcomes = ["lead", "sre", "provision"].map((node) => read.nodes[node]?.status);
    if (read.status !== "completed" || outcomes.join() !== "approved,approved,succeeded") {
      instance.wrong = `${instance.id}: ${read.status} (lead, sre, provision: ${outcomes.join(", ")})`;
    }
    instance.phase = "done";
    this.watched.delete(instance);
    instance.finished.resolve();
  }

  /**
   * Sends a request as `user` (or unsigned in, for callbacks); a JSON `body` given as an object
   * is serialized. Answers the answer when it is 2xx, else fails the run and answers undefined.
   */
  private async call(
    kind: keyof BatonLoad["requests"],
    path: string,
    user: string | undefined,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpAnswer | undefined> {
    if (this.failure) return undefined;
    this.requests[kind] += 1;
    const answer = await this.client.send(
      body === undefined ? "GET" : "POST",
      path,
      {
        ...(user ? { "x-baton-user": user } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body === undefined || typeof body === "string" ? body : JSON.stringify(body),
    );
    if (answer.status >= 200 && answer.status < 300) return answer;
    this.fail(new LoadDriverError(`${kind} ${path}: ${answer.status} ${answer.text}`));
    return undefined;
  }

  /** Stops the run with `error`: every instance still followed is let go. */
  private fail(error: Error): void {
    this.failure ??= error;
    for (const instance of this.instances.values()) instance.finished.resolve();
  }

  /** How many instances wait for what, for a run that did not finish. */
  private stuck(): string {
    const phases = new Map<string, number>();
    for (const { phase } of this.instances.values())
      phases.set(phase, (phases.get(phase) ?? 0) + 1);
    return [...phases].map(([phase, count]) => `${count} ${phase}`).join(", ");
  }
}

/**
 * The Baton side of the load benchmark: starts `baton dev` in its own process on a fresh data
 * folder, drives the instances through its HTTP API (see {@link BatonLoad}), reads the
 * process's peak RSS and stops it.
 *
 * @example
 * const figures = await runBaton({ n: 200, concurrency: 200, pollMs: 5, data, input });
 */
export async function runBaton(options: BatonLoadOptions): Promise<LoadFigures> {
  const dev = await DevProcess.start(options);
  try {
    return await new BatonLoad(dev, options).run();
  } finally {
    await dev.stop();
  }
}
