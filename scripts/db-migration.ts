// Creates a new migration from the changes in prisma/schema.prisma, offline (Prisma's schema
// engine as WebAssembly; the history is replayed on a shadow database).
//   npx tsx scripts/db-migration.ts <name>          e.g. add_listing_views
// Shadow database: in-memory PGlite, or throwaway databases on the DATABASE_URL server when set.
import path from "node:path";
import { createMigration, isValidMigrationName, MigrationError } from "../prisma/migrator";

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const name = args[0];
  if (args.length !== 1 || name === undefined) {
    console.error("Usage: npx tsx scripts/db-migration.ts <name>   (lowercase letters, digits and underscores)");
    return 2;
  }
  if (!isValidMigrationName(name)) {
    console.error(`Invalid migration name "${name}": use lowercase letters, digits and underscores only (e.g. add_listing_views).`);
    return 2;
  }
  const result = await createMigration(name, { log: (line) => console.log(line) });
  if (result.directory === null) {
    console.log("No schema changes: prisma/schema.prisma already matches the migrations. Nothing written.");
  } else {
    console.log(`Created ${path.relative(process.cwd(), path.join(result.directory, "migration.sql"))}`);
    console.log("Review it, then apply it with: npx tsx scripts/db-migrate.ts");
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof MigrationError ? `Error: ${error.message}` : error);
    process.exitCode = 1;
  },
);
