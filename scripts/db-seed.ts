import { getDatabase, closeDatabase } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { applyMigrations } from "../prisma/migrator";
import { seedDatabase } from "../prisma/seed";

const env = getEnv();
const database = await getDatabase();
try {
  await applyMigrations(database.pglite ? { kind: "pglite", db: database.pglite } : { kind: "postgres", url: database.url ?? "" });
  const result = await seedDatabase(database.prisma, { dataDir: env.seedDataDir, log: (line) => console.log(line) });
  if (result.skipped) {
    console.error(`Seed skipped: ${result.skipped}`);
    process.exitCode = 1;
  } else {
    console.log(`Seed done: ${result.users} users, ${result.achievements} achievements, ${result.needs} needs added.`);
  }
} finally {
  await closeDatabase();
}
