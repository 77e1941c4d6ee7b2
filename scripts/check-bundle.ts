// `npm run check:bundle`: the browse page's first-load JavaScript (gzip) must stay within its budget.
import path from "node:path";
import { ensureBuild, root } from "./ensure-build.mjs";
import { BROWSE_BUDGET_BYTES, measureRoute } from "../server/bundle-budget";

ensureBuild();
const report = measureRoute(path.join(root, "build", "client"), "routes/achievements._index", BROWSE_BUDGET_BYTES);
const kb = (bytes: number) => (bytes / 1024).toFixed(1);
for (const c of report.chunks) console.log(`${c.chunk.padEnd(48)} ${kb(c.bytes).padStart(8)} KB  ${kb(c.gzipBytes).padStart(7)} KB gzip`);
console.log(`browse page first-load JavaScript: ${kb(report.gzipBytes)} KB gzip (${kb(report.bytes)} KB raw) in ${report.chunks.length} chunks; budget ${kb(report.budgetBytes)} KB gzip: ${report.withinBudget ? "within" : "OVER"}`);
console.log(JSON.stringify({ route: report.routeId, chunks: report.chunks.length, gzipBytes: report.gzipBytes, bytes: report.bytes, budgetBytes: report.budgetBytes, withinBudget: report.withinBudget }));
if (!report.withinBudget) process.exit(1);
