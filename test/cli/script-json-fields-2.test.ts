/**
 * The second half of the npm scripts' --json cases (the first, and what the cases check: script-json-fields.test.ts).
 */
import { describe } from "vitest";
import { scriptCaseTests } from "./script-json-cases.ts";

describe("npm scripts: --help lists the --json fields, and the output has exactly them", { timeout: 600_000 }, () => {
  scriptCaseTests(1);
});
