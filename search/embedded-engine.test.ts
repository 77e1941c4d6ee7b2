import { createEmbeddedEngine } from "./embedded-engine";
import { defineSearchContract } from "./contract";

defineSearchContract("embedded adapter (MiniSearch + jieba) contract", async () => createEmbeddedEngine());
