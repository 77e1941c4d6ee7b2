import { z } from "zod";

/** One step of a commit, pushed live as `import.progress` and answered by `/import/<batch>/progress`. */
export const importProgressSchema = z.object({ batchId: z.string(), done: z.number().int().nonnegative(), total: z.number().int().nonnegative(), finished: z.boolean() });
export type ImportProgress = z.infer<typeof importProgressSchema>;

export const IMPORT_PROGRESS_TOPIC = "import.progress";
