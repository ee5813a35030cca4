import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exitAfterPendingWrites } from "../lib/settled-exit.ts";

const dir = mkdtempSync(join(tmpdir(), "vitsparse-settled-exit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The code `exitAfterPendingWrites` exits with, and the milliseconds it took. */
function exited(options: Parameters<typeof exitAfterPendingWrites>[1] = {}): Promise<{ code: number; ms: number }> {
  const start = Date.now();
  return new Promise((resolve) => exitAfterPendingWrites(7, { ...options, exit: (code) => resolve({ code, ms: Date.now() - start }) }));
}

describe("exitAfterPendingWrites", () => {
  it("exits only after a write nobody waits for is complete (what process.exit() would cut short)", async () => {
    const path = join(dir, "unawaited.json");
    writeFileSync(path, "an older entry");
    const content = JSON.stringify({ code: "x".repeat(8 << 20) });
    void writeFile(path, content); // fire and forget, as tsx's transform cache writes
    const { code } = await exited();
    expect(code).toBe(7);
    expect(readFileSync(path, "utf8").length).toBe(content.length);
  });

  it("exits on the next turn of the event loop when no file request is in flight", async () => {
    const { code, ms } = await exited({ activeResources: () => ["PipeWrap", "TTYWrap", "Timeout"] });
    expect(code).toBe(7);
    expect(ms).toBeLessThan(1000);
  });

  it("exits after the time limit when a file request never settles", async () => {
    let looks = 0;
    const { code, ms } = await exited({ limitMs: 60, pollMs: 5, activeResources: () => (looks++, ["FSReqPromise"]) });
    expect(code).toBe(7);
    expect(ms).toBeGreaterThanOrEqual(60);
    expect(looks).toBeGreaterThan(1);
  });
});
