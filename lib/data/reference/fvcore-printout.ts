/**
 * Parser of fvcore's per-module FLOP printout (`flop_count_str`): a PyTorch module tree in `repr` form where
 * each module with parameters or counted operations carries a line `#params: <n>, #flops: <n>`. Numbers are
 * printed rounded with a K/M/G suffix (e.g. `9.21M`). fvcore's "flops" count one multiply-accumulate as one.
 *
 * ```
 * Levit(                                   root module
 *   #params: 9.21M, #flops: 0.41G          its stats
 *   (patch_embed): Sequential(             child module named "patch_embed"
 *     (c): Conv2d(
 *       3, 16, kernel_size=(3, 3), ...     constructor arguments
 *       #params: 0.43K, #flops: 5.42M
 *     )
 *     (1): Hardswish()                     a module printed without stats
 *     (cal_attn): MatMul(#params: 0, #flops: 2.46M)   one-line module with stats
 * ```
 */
import { UserError } from "../../errors.ts";

/** One module of the printout. */
export interface FvcoreModule {
  /** Pre-order index; the root is 0. */
  index: number;
  /** Dotted path from the root, e.g. `blocks.0.m.qkv.c`; `""` for the root. */
  path: string;
  /** Name inside its parent (`qkv`, `0`); the class name for the root. */
  name: string;
  /** Module class, e.g. `Linear`. */
  moduleType: string;
  /** Nesting depth; the root is 0. */
  depth: number;
  /** Index of the parent module; -1 for the root. */
  parent: number;
  /** Constructor arguments as printed (`in_features=128, ...`), `""` when none. */
  args: string;
  /** Parameter count parsed from the rounded printout; NaN when the module has no stats line. */
  params: number;
  /** Multiply-accumulates parsed from the rounded printout; NaN when the module has no stats line. */
  flops: number;
  /** The printed texts, e.g. `32.77K` and `6.42M`; `""` when absent. */
  paramsText: string;
  flopsText: string;
  /** 1-based line of the module's first line. */
  line: number;
}

const SUFFIX: Record<string, number> = { "": 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/**
 * Parses an fvcore count such as `9.21M`, `32` or `50.18K`.
 * @returns the value (rounded to an integer when a suffix scales it), or undefined for malformed text
 */
export function parseFvcoreCount(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([KMGT]?)$/.exec(text);
  if (!m) return undefined;
  const v = Number(m[1]) * SUFFIX[m[2]!]!;
  return m[2] === "" ? v : Math.round(v);
}

/**
 * Parses an fvcore printout into its modules in pre-order.
 * @param name file name used in errors
 * @throws UserError naming the file and line for any line outside the format above
 */
export function parseFvcorePrintout(text: string, name: string): FvcoreModule[] {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === "") lines.pop();
  const modules: FvcoreModule[] = [];
  const stack: FvcoreModule[] = [];
  const fail = (lineNo: number, what: string): never => {
    throw new UserError(`${name}:${lineNo}: ${what}`);
  };
  const setStats = (mod: FvcoreModule, p: string, f: string, lineNo: number): void => {
    if (mod.paramsText !== "") fail(lineNo, `module "${mod.path}" has two stats lines`);
    const params = parseFvcoreCount(p);
    const flops = parseFvcoreCount(f);
    if (params === undefined || flops === undefined) fail(lineNo, `malformed count in "#params: ${p}, #flops: ${f}"`);
    mod.params = params!;
    mod.flops = flops!;
    mod.paramsText = p;
    mod.flopsText = f;
  };
  const open = (nameInParent: string | undefined, type: string, lineNo: number, indent: number): FvcoreModule => {
    const parent = stack[stack.length - 1];
    if (!parent && modules.length > 0) fail(lineNo, "a second root module");
    if (parent && nameInParent === undefined) fail(lineNo, "a child module without a (name)");
    if (indent !== 2 * stack.length) fail(lineNo, `indentation ${indent}, expected ${2 * stack.length} at depth ${stack.length}`);
    const mod: FvcoreModule = {
      index: modules.length,
      path: parent ? (parent.path === "" ? nameInParent! : `${parent.path}.${nameInParent}`) : "",
      name: nameInParent ?? type,
      moduleType: type,
      depth: stack.length,
      parent: parent ? parent.index : -1,
      args: "",
      params: Number.NaN,
      flops: Number.NaN,
      paramsText: "",
      flopsText: "",
      line: lineNo,
    };
    modules.push(mod);
    return mod;
  };
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i]!;
    const indent = raw.length - raw.trimStart().length;
    const body = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^(?:\(([\w.]+)\): )?(\w+)\($/.exec(body))) {
      stack.push(open(m[1], m[2]!, lineNo, indent));
      continue;
    }
    if ((m = /^\(([\w.]+)\): (\w+)\((.*)\)$/.exec(body))) {
      const mod = open(m[1], m[2]!, lineNo, indent);
      const inner = m[3]!;
      if (inner !== "") {
        const s = /^#params: (\S+), #flops: (\S+)$/.exec(inner);
        if (!s) fail(lineNo, `unrecognised one-line module content ${JSON.stringify(inner)}`);
        setStats(mod, s![1]!, s![2]!, lineNo);
      }
      continue;
    }
    if (body === ")") {
      const mod = stack.pop();
      if (!mod) fail(lineNo, "unbalanced \")\"");
      if (indent !== 2 * stack.length) fail(lineNo, `closing ")" of "${mod!.path || mod!.name}" at indentation ${indent}, expected ${2 * stack.length}`);
      continue;
    }
    const cur = stack[stack.length - 1];
    if (!cur) fail(lineNo, `text outside any module: ${JSON.stringify(body)}`);
    if ((m = /^#params: (\S+), #flops: (\S+)$/.exec(body))) {
      setStats(cur!, m[1]!, m[2]!, lineNo);
      continue;
    }
    if (body === "") fail(lineNo, "unexpected empty line inside a module");
    if (cur!.args !== "") fail(lineNo, `module "${cur!.path}" has a second argument line ${JSON.stringify(body)}`);
    cur!.args = body;
  }
  if (stack.length > 0) throw new UserError(`${name}: ends with ${stack.length} unclosed module(s) (first: "${stack[0]!.name}")`);
  if (modules.length === 0) throw new UserError(`${name}: no module found`);
  return modules;
}
