import path from "node:path";
import { defineConfig } from "prisma/config";

// The app reads DATABASE_URL itself (app/utils/env.server.ts); this file only tells the Prisma CLI
// where the schema and the migrations live.
export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
});
