// Preloaded into the server process by `npm run bench:bidroom` when BENCH_PROBE=1: measures the event
// loop's delay (perf_hooks.monitorEventLoopDelay) and prints it as one JSON line on stderr at exit.
// With BENCH_CPU_PROF_DIR set it also records a CPU profile (the inspector's Profiler, as node --cpu-prof
// does; that flag is not allowed in NODE_OPTIONS) and writes it there as a .cpuprofile file.
import fs from "node:fs";
import inspector from "node:inspector";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";

const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
const ms = (ns) => Math.round(ns / 1e4) / 100;

const profileDir = process.env.BENCH_CPU_PROF_DIR;
const session = profileDir ? new inspector.Session() : null;
if (session) {
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 1000 });
  session.post("Profiler.start");
}

let printed = false;
const print = () => {
  if (printed) return;
  printed = true;
  histogram.disable();
  process.stderr.write(
    `${JSON.stringify({ probe: "event-loop-delay", p50Ms: ms(histogram.percentile(50)), p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max), meanMs: ms(histogram.mean) })}\n`,
  );
  // A session on the main thread answers synchronously, so this works inside an exit handler.
  session?.post("Profiler.stop", (error, result) => {
    if (error || !profileDir) return;
    fs.mkdirSync(profileDir, { recursive: true });
    fs.writeFileSync(path.join(profileDir, `server-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
};
process.on("SIGTERM", print);
process.on("exit", print);
