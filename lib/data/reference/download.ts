/**
 * Download fallback: fetches a pinned reference file from its public repository at the pinned commit
 * (raw.githubusercontent.com), with a timeout, so that users with internet access need no local folder.
 */
import { rawUrl, type ReferenceFile } from "./manifest.ts";

/** Why a download failed, with the URL tried. */
export class DownloadError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`could not download ${url}: ${reason}`);
    this.name = "DownloadError";
  }
}

/** The `fetch` signature the downloader needs (injectable for tests). */
export type FetchLike = (url: string, init: { signal: AbortSignal }) => Promise<Response>;

/**
 * Downloads one reference file's bytes. Does not verify the hash (the caller does).
 * @param timeoutMs aborts the request after this many milliseconds
 * @throws DownloadError naming the URL and the reason (network unreachable, timeout, HTTP status)
 */
export async function downloadReferenceFile(
  file: ReferenceFile,
  timeoutMs = 60_000,
  fetchImpl: FetchLike = (url, init) => fetch(url, init),
): Promise<Uint8Array> {
  const url = rawUrl(file);
  let response: Response;
  try {
    response = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw new DownloadError(url, describeFetchError(err, timeoutMs));
  }
  if (!response.ok) throw new DownloadError(url, `HTTP ${response.status} ${response.statusText}`.trim());
  try {
    return new Uint8Array(await response.arrayBuffer());
  } catch (err) {
    throw new DownloadError(url, describeFetchError(err, timeoutMs));
  }
}

function describeFetchError(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === "TimeoutError" || e.name === "AbortError") return `no answer within ${timeoutMs / 1000} s`;
  const cause = e.cause?.code ?? e.cause?.message;
  return cause ? `${e.message ?? "fetch failed"} (${cause})` : (e.message ?? String(err));
}
