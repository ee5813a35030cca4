/**
 * The one-line answer to a cell that calls Observable Plot without a document. In Node there is no global
 * `document`, so `Plot.plot({...})` fails deep inside Plot with "Cannot read properties of undefined (reading
 * 'documentElement')"; the notebook kernel replaces that message with this hint pointing to the figure helper,
 * which hands Plot a headless document.
 */

/** What to do instead, in one line. */
export const PLOT_WITHOUT_DOCUMENT_HINT =
  "Observable Plot needs a document in Node: draw through the figure helper, " +
  'out.figure("name", (Plot, document) => Plot.plot({ document, marks: [...] })) (notebookOutput in lib/output/notebook-output.ts), ' +
  "or renderFigure((Plot, document) => ...) from lib/output/figure.ts for the SVG markup";

/** Whether an error is Plot failing for want of a document (its message, and its stack when there is one). */
export function isPlotWithoutDocument(err: { message?: unknown; stack?: unknown }): boolean {
  const message = String(err.message ?? "");
  if (!/reading 'documentElement'|document is not defined/.test(message)) return false;
  return typeof err.stack !== "string" || err.stack.includes("@observablehq/plot") || !err.stack.includes("\n    at ");
}

/** The message a cell error shows: the hint for Plot without a document, else the error's own message. */
export function cellErrorMessage(err: { message?: unknown; stack?: unknown }): string {
  return isPlotWithoutDocument(err) ? `${PLOT_WITHOUT_DOCUMENT_HINT} (${String(err.message)})` : String(err.message);
}
