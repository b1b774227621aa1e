import { brotliCompressSync, gzipSync } from "node:zlib";
import type { Browser, Response } from "playwright-core";
import type { ViewportName } from "../test/support/browser.ts";
import { signedInContext } from "./pages-context.ts";

/** The kinds of response that make a page's weight: what it is drawn from, not data it fetches. */
const WEIGHED_TYPES = new Set(["document", "stylesheet", "script", "image", "font", "media"]);

/** How long a page may keep fetching after its `load` event before it is weighed as it is. */
const SETTLE_MS = 2_000;

/** One file a page loaded, raw and compressed. */
export interface WeighedFile {
  /** Its path (and query) on the engine, e.g. `/assets/inbox.RKMIJDM6.js`. */
  path: string;
  /** Playwright's resource type: `document`, `script`, `stylesheet`, … */
  type: string;
  raw: number;
  /** zlib's gzip at its default level (6), as a compressing proxy would send it. */
  gzip: number;
  /** zlib's brotli at its default quality (11), as a precompressed asset would be sent. */
  brotli: number;
}

/** Bytes of `body` raw, gzip and brotli. */
function sizes(body: Buffer): Pick<WeighedFile, "raw" | "gzip" | "brotli"> {
  return {
    raw: body.byteLength,
    gzip: gzipSync(body).byteLength,
    brotli: brotliCompressSync(body).byteLength,
  };
}

/** Adds up the sizes of `files`. */
export function totalOf(
  files: readonly WeighedFile[],
): Pick<WeighedFile, "raw" | "gzip" | "brotli"> {
  return files.reduce(
    (sum, file) => ({
      raw: sum.raw + file.raw,
      gzip: sum.gzip + file.gzip,
      brotli: sum.brotli + file.brotli,
    }),
    { raw: 0, gzip: 0, brotli: 0 },
  );
}

/**
 * Opens `path` once, as `user`, in a fresh context (nothing cached) and weighs what it loaded:
 * the document and every stylesheet, script, image, font and frame it fetched until its `load`
 * event and the network's quiet after (at most 2 s more, so scripts' late imports count),
 * measured on the bodies the browser received. Data a script fetches (live refresh) is not
 * page weight and is left out. The document comes first.
 *
 * @example
 * const files = await weighPage(browser, dev.url, "/ui/inbox", "zhou-min", "desk");
 * totalOf(files).gzip;
 */
export async function weighPage(
  browser: Browser,
  url: string,
  path: string,
  user: string,
  size: ViewportName,
): Promise<WeighedFile[]> {
  const context = await signedInContext(browser, url, user, size);
  try {
    const page = await context.newPage();
    const weighed: Promise<WeighedFile>[] = [];
    const weigh = async (response: Response): Promise<WeighedFile> => {
      const address = new URL(response.url());
      return {
        path: `${address.pathname}${address.search}`,
        type: response.request().resourceType(),
        ...sizes(await response.body()),
      };
    };
    page.on("response", (response) => {
      if (WEIGHED_TYPES.has(response.request().resourceType())) weighed.push(weigh(response));
    });
    const answer = await page.goto(`${url}${path}`, { waitUntil: "load" });
    if (answer?.status() !== 200) throw new Error(`${path} answered ${answer?.status()}`);
    await page.waitForLoadState("networkidle", { timeout: SETTLE_MS }).catch(() => undefined);
    return await Promise.all(weighed);
  } finally {
    await context.close();
  }
}
