import { describe, expect, it } from "vitest";
import { parseTensorRtProfile } from "../../../lib/data/reference/tensorrt-profile.ts";

describe("parseTensorRtProfile", () => {
  it("reads count and layers in order", () => {
    const p = parseTensorRtProfile(
      '[{ "count" : 210 }, { "name" : "MatMul_12", "timeMs" : 36.1024, "averageMs" : 0.171916, "percentage" : 1.15293 }, { "name" : "Softmax_27", "timeMs" : 1, "averageMs" : 0.5, "percentage" : 2 }]',
      "p.json",
    );
    expect(p.runs).toBe(210);
    expect(p.layers).toEqual([
      { index: 0, name: "MatMul_12", timeMs: 36.1024, averageMs: 0.171916, percentage: 1.15293 },
      { index: 1, name: "Softmax_27", timeMs: 1, averageMs: 0.5, percentage: 2 },
    ]);
  });

  it("errors name the file and the entry", () => {
    expect(() => parseTensorRtProfile("{", "a.json")).toThrow(/^a\.json: not valid JSON/);
    expect(() => parseTensorRtProfile("[]", "b.json")).toThrow(/^b\.json: expected a JSON array starting with \{"count": N\}/);
    expect(() => parseTensorRtProfile('[{"runs": 3}]', "c.json")).toThrow(/^c\.json: entry 0 must be \{"count": <positive integer>\}/);
    expect(() => parseTensorRtProfile('[{"count": 3}, {"name": "x", "timeMs": "1", "averageMs": 1, "percentage": 1}]', "d.json")).toThrow(/^d\.json: entry 1: expected "timeMs" to be a non-negative number/);
    expect(() => parseTensorRtProfile('[{"count": 3}, {"timeMs": 1, "averageMs": 1, "percentage": 1}]', "e.json")).toThrow(/^e\.json: entry 1: expected a non-empty "name"/);
  });
});
