// `npm run bench:import`: imports a generated list of 10,000 achievements into a fresh embedded
// database (or DATABASE_URL's server, when set) and prints one JSON line {"rows","seconds","rowsPerSec"}.
import fs from "node:fs";
import path from "node:path";
import { commitImport, dryRunImport } from "~/domain/listings/import/import.server";
import { openDatabase } from "~/utils/db.server";
import { applyMigrations } from "../../prisma/migrator";
import { actorFor, createMember, createOrg } from "../helpers/factories";
import { achievementCells, achievementHeaders, corpusAchievements, tempDir, writeListXlsx } from "../helpers/lists";

const ROWS = Number(process.argv[2] ?? 10_000);

async function main() {
  const dir = tempDir("susong-bench-");
  const database = await openDatabase({ kind: "pglite", slowQueryMs: 600_000 });
  try {
    if (!database.pglite) throw new Error("PGlite expected");
    await applyMigrations({ kind: "pglite", db: database.pglite });
    const db = database.prisma;
    const org = await createOrg(db, "UNIVERSITY");
    const actor = await actorFor(db, (await createMember(db, org.id, "TTO")).id);
    const corpus = corpusAchievements();
    const rows = Array.from({ length: ROWS }, (_, i) => {
      const record = corpus[i % corpus.length];
      if (!record) throw new Error("empty corpus");
      return achievementCells({ ...record, id: `bench-${i}` });
    });
    const file = await writeListXlsx(path.join(dir, "bench.xlsx"), achievementHeaders, rows);
    const started = performance.now();
    const dry = await dryRunImport(db, actor, { kind: "achievement", uploadedFile: file, fileName: "bench.xlsx", uploadsDir: path.join(dir, "uploads") });
    if (!dry.batchId) throw new Error(`the bench file was refused: ${JSON.stringify(dry.analysis.fileErrors)}`);
    const result = await commitImport(db, actor, { uploadsDir: path.join(dir, "uploads"), batchId: dry.batchId });
    const seconds = (performance.now() - started) / 1000;
    if (result.created !== ROWS) throw new Error(`created ${result.created} of ${ROWS}`);
    process.stdout.write(`${JSON.stringify({ rows: ROWS, seconds: Number(seconds.toFixed(2)), rowsPerSec: Math.round(ROWS / seconds) })}\n`);
  } finally {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
