import { runMaintenance } from "./search-maintenance";

process.exitCode = await runMaintenance("reindex");
