import type { Browser, BrowserContext, Page } from "playwright-core";
import type { ViewportName } from "../test/support/browser.ts";
import { signedInContext } from "./pages-context.ts";

/** One page load's timings, in milliseconds from its navigation start. */
export interface RenderSample {
  /** First contentful paint: the first text or picture drawn. */
  firstPaintMs: number;
  /** The document's first byte arrived: the engine's share, with the connection. */
  answeredMs: number;
  /** Scripts and stylesheets the load took from the HTTP cache rather than the engine. */
  fromCache: number;
  /**
   * CPU time of the page's main thread in the renderer for this document, until its `load`
   * event and the timings read: the Chrome DevTools Protocol's `TaskDuration` in thread time,
   * which a busy machine does not stretch as it stretches the wall-clock figures.
   */
  rendererCpuMs: number;
}

/** Cold loads start in a fresh context; warm loads reuse one whose cache a first load filled. */
export type CacheState = "cold" | "warm";

/** A page painted nothing contentful within 10 s of its load. */
export class NoFirstPaintError extends Error {
  override readonly name = "NoFirstPaintError";
}

/** A page and how to read its current document's renderer CPU. */
interface MeasuredPage {
  page: Page;
  rendererCpuMs(): Promise<number>;
}

/** A page of `context` whose renderer reports its main thread's work in CPU time (thread ticks). */
async function measuredPage(context: BrowserContext): Promise<MeasuredPage> {
  const page = await context.newPage();
  const session = await context.newCDPSession(page);
  await session.send("Performance.enable", { timeDomain: "threadTicks" });
  return {
    page,
    rendererCpuMs: async () => {
      const { metrics } = await session.send("Performance.getMetrics");
      const seconds = metrics.find((metric) => metric.name === "TaskDuration")?.value;
      return seconds === undefined ? Number.NaN : seconds * 1000;
    },
  };
}

/**
 * Navigates the page to `address` and reads its timings from the Paint and Navigation Timing
 * APIs, and its renderer's CPU time (the renderer counts it per document).
 */
async function load({ page, rendererCpuMs }: MeasuredPage, address: string): Promise<RenderSample> {
  const answer = await page.goto(address, { waitUntil: "load" });
  if (answer?.status() !== 200) throw new Error(`${address} answered ${answer?.status()}`);
  const sample = await page.evaluate(
    () =>
      new Promise<RenderSample | undefined>((done) => {
        const navigation = performance.getEntriesByType("navigation")[0] as
          | PerformanceNavigationTiming
          | undefined;
        const fromCache = performance
          .getEntriesByType("resource")
          .filter(
            (entry) =>
              ["script", "link"].includes((entry as PerformanceResourceTiming).initiatorType) &&
              (entry as PerformanceResourceTiming).transferSize === 0,
          ).length;
        const timeout = setTimeout(() => done(undefined), 10_000);
        new PerformanceObserver((list) => {
          const paint = list.getEntriesByName("first-contentful-paint")[0];
          if (!paint) return;
          clearTimeout(timeout);
          done({
            firstPaintMs: paint.startTime,
            answeredMs: navigation?.responseStart ?? Number.NaN,
            fromCache,
            rendererCpuMs: Number.NaN,
          });
        }).observe({ type: "paint", buffered: true });
      }),
  );
  if (!sample) throw new NoFirstPaintError(`${address} painted nothing within 10 s of its load`);
  return { ...sample, rendererCpuMs: await rendererCpuMs() };
}

/**
 * Loads `path` `loads` times as `user` in headless Chromium and answers each load's time to
 * first contentful paint from its navigation start. `cold`: every load in a fresh context (an
 * empty HTTP cache and a new connection, as a link opened for the first time). `warm`: one
 * context, filled by a load not counted, then every load from `about:blank` (scripts and
 * stylesheets from the cache, the document from the engine: pages are `no-store`).
 *
 * @example
 * const samples = await firstRenders(browser, dev.url, "/ui/inbox", "zhou-min", "desk", "cold", 20);
 * percentile(samples.map((sample) => sample.firstPaintMs), 0.95);
 */
export async function firstRenders(
  browser: Browser,
  url: string,
  path: string,
  user: string,
  size: ViewportName,
  cache: CacheState,
  loads: number,
): Promise<RenderSample[]> {
  const samples: RenderSample[] = [];
  if (cache === "cold") {
    for (let count = 0; count < loads; count += 1) {
      const context = await signedInContext(browser, url, user, size);
      try {
        samples.push(await load(await measuredPage(context), `${url}${path}`));
      } finally {
        await context.close();
      }
    }
    return samples;
  }
  const context = await signedInContext(browser, url, user, size);
  try {
    const measured = await measuredPage(context);
    await load(measured, `${url}${path}`);
    for (let count = 0; count < loads; count += 1) {
      await measured.page.goto("about:blank");
      samples.push(await load(measured, `${url}${path}`));
    }
    return samples;
  } finally {
    await context.close();
  }
}
