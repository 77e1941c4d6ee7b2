import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type ImportProgress, importProgressSchema, IMPORT_PROGRESS_TOPIC } from "~/domain/listings/import/progress";
import { tempDir, writeListXlsx } from "../helpers/lists";
import { connectLive, login } from "../helpers/rooms";
import { type AppServer, type Client, startAppServer } from "../helpers/server";

let server: AppServer;
let dir: string;
let uploadsDir: string;
beforeAll(async () => {
  dir = tempDir("susong-files-");
  uploadsDir = path.join(dir, "uploads");
  server = await startAppServer({ env: { UPLOADS_DIR: uploadsDir } });
});
afterAll(async () => {
  await server?.dispose();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const PDF = Buffer.concat([Buffer.from("%PDF-1.4\n% 专利说明书\n"), Buffer.alloc(4_000, 0x20), Buffer.from("\n%%EOF\n")]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 1)]);

/** Files kept in storage, and files left half-written by an upload. */
const stored = () => (fs.existsSync(path.join(uploadsDir, "attachments")) ? fs.readdirSync(path.join(uploadsDir, "attachments")) : []);
const incoming = () => (fs.existsSync(path.join(uploadsDir, "incoming")) ? fs.readdirSync(path.join(uploadsDir, "incoming")) : []);

async function publishedAchievement(title: string) {
  const researcher = await login(server.url, "researcher@demo.susong.example");
  const created = await researcher.post("/achievements/new", { title, summary: "公开简介", description: "受控说明：附件测试", techField: "新能源-太阳能", cooperationModes: "LICENSE" });
  const id = created.headers.get("location")?.match(/\/achievements\/([a-z0-9]+)$/)?.[1] ?? "";
  expect(id).not.toBe("");
  expect((await researcher.post(`/achievements/${id}`, { intent: "submit" })).status).toBe(200);
  const broker = await login(server.url, "broker@demo.susong.example");
  expect((await broker.post(`/achievements/${id}`, { intent: "startReview" })).status).toBe(200);
  expect((await broker.post(`/achievements/${id}`, { intent: "publish" })).status).toBe(200);
  return { id, researcher, broker };
}

async function upload(client: Client, achievementId: string, fileName: string, content: Buffer, type = "application/pdf") {
  const form = new FormData();
  form.set("file", new Blob([new Uint8Array(content)], { type }), fileName);
  const response = await fetch(`${server.url}/achievements/${achievementId}/attachments`, {
    method: "POST",
    body: form,
    headers: { Cookie: client.cookieHeader(), Origin: server.url, "Accept-Language": "zh-CN" },
  });
  return { status: response.status, body: (await response.json()) as { ok: boolean; message: string } };
}

const download = (client: Client | null, attachmentId: string) =>
  fetch(`${server.url}/attachments/${attachmentId}`, { headers: { "Accept-Language": "zh-CN", ...(client ? { Cookie: client.cookieHeader() } : {}) } });

const attachmentIds = (html: string) => [...html.matchAll(/href="\/attachments\/([a-z0-9]+)"/g)].map((m) => m[1] ?? "");

test("attachments: the owner uploads a PDF; refusals write nothing; downloads follow the disclosure gate; the owner deletes", async () => {
  const { id, researcher, broker } = await publishedAchievement("附件测试成果");
  const enterprise = await login(server.url, "enterprise@demo.susong.example");
  const before = stored().length;

  // refusals, each leaving neither a stored file nor a half-written one
  const tooBig = await upload(researcher, id, "大文件.pdf", Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(21 * 1024 * 1024, 0x20)]));
  expect(tooBig).toEqual({ status: 413, body: { ok: false, message: "文件超过 20 MB。" } });
  const disguised = await upload(researcher, id, "说明书.pdf", Buffer.from("<html><script>alert(1)</script></html>"), "application/pdf");
  expect(disguised.status).toBe(400);
  expect(disguised.body.message).toBe("只接受 PDF、PNG、JPEG、WebP 或 GIF 文件（按文件内容判断，不看扩展名）。");
  const empty = await upload(researcher, id, "空.pdf", Buffer.alloc(0));
  expect(empty).toEqual({ status: 400, body: { ok: false, message: "文件是空的。" } });
  const stranger = await upload(enterprise, id, "别人的.pdf", PDF);
  expect(stranger.status).toBe(403);
  expect(stored()).toHaveLength(before);
  expect(incoming()).toEqual([]);
  expect(attachmentIds((await researcher.get(`/achievements/${id}`)).text)).toEqual([]);

  // the happy path: the name is sanitised, the type comes from the content
  const ok = await upload(researcher, id, "../../专利说明书\u202E.pdf", PDF);
  expect(ok).toEqual({ status: 201, body: { ok: true, message: "已上传附件：专利说明书.pdf" } });
  const image = await upload(researcher, id, "照片.pdf", PNG, "application/pdf");
  expect(image.body.message).toBe("已上传附件：照片.png");
  expect(stored()).toHaveLength(before + 2);
  const ownerPage = (await researcher.get(`/achievements/${id}`)).text;
  const [pdfId = "", pngId = ""] = attachmentIds(ownerPage);
  expect(ownerPage).toContain("专利说明书.pdf");

  // the public and an organization that has not accepted the terms cannot download, nor see the list
  expect((await download(null, pdfId)).status).toBe(403);
  const refused = await download(enterprise, pdfId);
  expect(refused.status).toBe(403);
  expect(await refused.text()).toBe("已认证机构的成员接受披露条款后才能下载附件。");
  expect(attachmentIds((await enterprise.get(`/achievements/${id}`)).text)).toEqual([]);
  expect(attachmentIds((await fetch(`${server.url}/achievements/${id}`).then((r) => r.text())))).toEqual([]);

  // after accepting, it can; the owner and the broker always can
  expect((await enterprise.post(`/achievements/${id}`, { intent: "acceptDisclosure" })).status).toBe(200);
  expect(attachmentIds((await enterprise.get(`/achievements/${id}`)).text)).toEqual([pdfId, pngId]);
  for (const client of [enterprise, researcher, broker]) {
    const response = await download(client, pdfId);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="_____.pdf"; filename*=UTF-8''${encodeURIComponent("专利说明书.pdf")}`);
    expect(Buffer.from(await response.arrayBuffer()).equals(PDF)).toBe(true);
  }
  expect((await download(enterprise, pngId)).headers.get("content-type")).toBe("image/png");

  // only the owner deletes
  const deleteAs = (client: Client) => client.post(`/achievements/${id}/attachments`, { intent: "delete", attachmentId: pngId });
  expect((await deleteAs(enterprise)).status).toBe(403);
  expect((await deleteAs(researcher)).status).toBe(200);
  expect((await download(researcher, pngId)).status).toBe(404);
  expect(stored()).toHaveLength(before + 1);
});

test("a commit pushes import.progress over socket.io to the importing user, chunk by chunk", async () => {
  const tto = await login(server.url, "tto@demo.susong.example");
  const rows = Array.from({ length: 2_500 }, (_, i) => [`LIVE-${i}`, `实时进度测试成果 ${i}`]);
  const file = await writeListXlsx(path.join(dir, "live.xlsx"), ["成果编号", "成果名称"], rows);
  const form = new FormData();
  form.set("kind", "achievement");
  form.set("file", new Blob([new Uint8Array(fs.readFileSync(file))]), "live.xlsx");
  const dry = await fetch(`${server.url}/import`, { method: "POST", body: form, headers: { Cookie: tto.cookieHeader(), Origin: server.url, "Accept-Language": "zh-CN" } });
  const batchId = (await dry.text()).match(/name="batchId" value="([a-z0-9]+)"/)?.[1] ?? "";
  expect(batchId).not.toBe("");

  const socket = connectLive(server.url, tto);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("welcome", () => resolve());
      socket.once("connect_error", reject);
    });
    const events: ImportProgress[] = [];
    const finished = new Promise<void>((resolve) => {
      socket.on("notify", (message) => {
        if (message.topic !== IMPORT_PROGRESS_TOPIC) return;
        const progress = importProgressSchema.parse(message.data);
        if (progress.batchId !== batchId) return;
        events.push(progress);
        if (progress.finished) resolve();
      });
    });
    const committed = await tto.post("/import", { batchId, kind: "achievement", intent: "commit" });
    expect(committed.text).toContain("导入完成：新增 2500，更新 0，未变 0，错误 0。");
    await finished;
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.filter((e) => !e.finished && e.done > 0 && e.done < e.total).length).toBeGreaterThanOrEqual(1);
    expect(events.map((e) => e.done)).toEqual([...events.map((e) => e.done)].sort((a, b) => a - b));
    expect(events.at(-1)).toEqual({ batchId, done: 2_500, total: 2_500, finished: true });
  } finally {
    socket.disconnect();
  }
});
