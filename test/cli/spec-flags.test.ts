/**
 * The spec flags every design command shares: `--clock` is `hardware.clockHz` (in Hz, or with a unit), the same
 * spec as `--set hardware.clockHz=`; a bad frequency is one line naming the flag.
 */
import { describe, expect, it } from "vitest";
import { UserError } from "../../lib/errors.ts";
import { parseClockHz, specFromFlags } from "../../lib/cli/spec-flags.ts";
import { resolveExperiment } from "../../lib/experiment/resolve.ts";

describe("--clock", () => {
  it("reads Hz, exponents and units", () => {
    expect(parseClockHz("2e8", "t")).toBe(200_000_000);
    expect(parseClockHz("200000000", "t")).toBe(200_000_000);
    expect(parseClockHz("200MHz", "t")).toBe(200_000_000);
    expect(parseClockHz("200 mhz", "t")).toBe(200_000_000);
    expect(parseClockHz("1.1MHz", "t")).toBe(1_100_000);
    expect(parseClockHz("1.5GHz", "t")).toBe(1_500_000_000);
    expect(parseClockHz("125000kHz", "t")).toBe(125_000_000);
  });

  it("refuses what is not a frequency, naming the flag", () => {
    for (const bad of ["fast", "200 MHz extra", "-2e8", "2e8Hz2", ""]) {
      expect(() => parseClockHz(bad, "simulate mac-lines: --clock"), bad).toThrow(UserError);
      expect(() => parseClockHz(bad, "simulate mac-lines: --clock"), bad).toThrow(/^simulate mac-lines: --clock: got ".*", expected a frequency in Hz/);
    }
  });

  it("builds the same hardware as --set hardware.clockHz, on any preset", () => {
    const viaClock = resolveExperiment(specFromFlags({ k: 3, preset: "zybo-z7-20", clock: "200MHz" }, [], "test"));
    const viaSet = resolveExperiment(specFromFlags({ k: 3, preset: "zybo-z7-20" }, ["hardware.clockHz=2e8"], "test"));
    expect(viaClock.arch.clockHz).toBe(200_000_000);
    expect(viaClock.arch).toEqual(viaSet.arch);
    expect(() => specFromFlags({ k: 3, clock: "0" }, [], "simulate mac-lines")).toThrow(/hardware\.clockHz: got 0, expected a number > 0/);
  });
});
