// `npm run --silent match:batch`: JSON Lines {"qid","title","description"} on stdin →
// {"qid","results":[{"externalId","score"}]} on stdout (top 20 achievements, best first).
// The product's pipeline on the seeded database (DATABASE_URL or the PGlite folder).
process.env.LOG_LEVEL ??= "error";
const { runMatchBatch } = await import("../app/domain/matching/batch.server");
await runMatchBatch(process.stdin, process.stdout);
export {};
