/**
 * The kit's Jupyter kernel: tslab's own kernel with three small adjustments so that executing a notebook
 * in Jupyter (or `jupyter nbconvert --execute`) saves exactly what `npm run reproduce` saves:
 * - the compiler accepts `.ts` import extensions (see `tslab-compat.ts`);
 * - an `execute_input` message is published before each execution, which tslab omits, so nbconvert
 *   records execution counts 1, 2, 3… like the headless runner;
 * - object shorthand `{ x }` is expanded to `{ x: x }` before execution (tslab bug, see
 *   `expandShorthandProperties`);
 * - absolute paths under the repository root in streamed text and text display data are made relative
 *   (as the headless runner does), and console output has no colour codes;
 * - a parameters cell is checked against its contracts after it runs, failing the cell on a bad value, and
 *   the values in effect go into the run context the claims record (see `kernel-parameters.ts`).
 */
import { Console } from "node:console";
import { portableBundle, portablePaths } from "./portable-text.ts";
import { withParametersCheck } from "./kernel-parameters.ts";
import { expandShorthandPropertiesOnce, loadTslab, type TslabExecutor, type TslabModules, type TslabZmqMessage } from "./tslab-compat.ts";

/** The `language_info` tslab's kernel reports (stored by Jupyter into executed notebooks). */
export function kernelLanguageInfo(tslab: TslabModules = loadTslab()): Record<string, unknown> {
  return tslab.jupyter.JupyterHandlerImpl.prototype.handleKernel.call({ isJs: false }).language_info;
}

/** Applies the adjustments above to tslab's kernel classes (idempotent). */
export function patchKernel(tslab: TslabModules, root: string): void {
  const handler = tslab.jupyter.JupyterHandlerImpl.prototype as TslabModules["jupyter"]["JupyterHandlerImpl"]["prototype"] & { __vitsparse?: true };
  if (handler.__vitsparse) return;
  handler.__vitsparse = true;
  const handleExecute = handler.handleExecute;
  handler.handleExecute = function (req, writeStream, writeDisplayData) {
    const request = req as { code?: unknown };
    const code = typeof request.code === "string" ? expandShorthandPropertiesOnce(request.code) : request.code;
    return handleExecute.call(
      this,
      { ...request, code },
      (name, text) => writeStream(name, portablePaths(text, root)),
      (message, update) => writeDisplayData({ ...message, data: portableBundle(message.data, root) }, update),
    );
  };
  const handleExecuteImpl = handler.handleExecuteImpl;
  handler.handleExecuteImpl = function (req, writeStream, writeDisplayData) {
    const executor = this.executor as TslabExecutor & { __vitsparseParameters?: true };
    if (!executor.__vitsparseParameters) {
      executor.__vitsparseParameters = true;
      const execute = executor.execute.bind(executor);
      // process.stderr is the cell's stderr stream while a cell runs (tslab redirects it).
      executor.execute = withParametersCheck(execute, (line) => process.stderr.write(line));
    }
    return handleExecuteImpl.call(this, req, writeStream, writeDisplayData);
  };
  const server = tslab.jupyter.ZmqServer.prototype;
  const serverExecute = server.handleExecute;
  server.handleExecute = function (sock: unknown, msg: TslabZmqMessage) {
    const input = msg.createReply();
    input.header["msg_type"] = "execute_input";
    input.content = { code: msg.content["code"], execution_count: this.handler.execCount + 1 };
    input.signAndSend(this.connInfo.key, this.iopub);
    return serverExecute.call(this, sock, msg);
  };
}

/** Starts the kernel for a Jupyter connection file, with the working directory already at `root`. */
export function startKernel(configPath: string, root: string): void {
  // tslab prints last-expression values with console.log: no colour codes, whatever stdout is.
  globalThis.console = new Console({ stdout: process.stdout, stderr: process.stderr, colorMode: false });
  const tslab = loadTslab();
  patchKernel(tslab, root);
  tslab.startKernel({ configPath, enableFindLocal: false });
}
