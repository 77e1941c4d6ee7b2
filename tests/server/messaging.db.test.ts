import { afterAll, beforeAll, expect, test } from "vitest";
import type { ConversationMessage } from "~/realtime/protocol";
import { connectLive, type LiveClient, login } from "../helpers/rooms";
import { type AppServer, type Client, startAppServer } from "../helpers/server";
import { startSmtpCapture } from "../helpers/smtp";

let server: AppServer;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
const sockets: LiveClient[] = [];

beforeAll(async () => {
  smtp = await startSmtpCapture();
  server = await startAppServer({ env: { SMTP_URL: smtp.url, PUBLIC_URL: "https://susong.example" } });
});
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await server?.dispose();
  await smtp?.close();
});

async function live(client: Client): Promise<LiveClient> {
  const socket = connectLive(server.url, client);
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("welcome", () => resolve());
    socket.once("connect_error", reject);
  });
  return socket;
}

async function publishAchievement(title: string) {
  const researcher = await login(server.url, "researcher@demo.susong.example");
  const created = await researcher.post("/achievements/new", { title, summary: "公开简介", description: "受控说明", techField: "新能源-太阳能", cooperationModes: "LICENSE" });
  expect(created.status).toBe(302);
  const id = created.headers.get("location")?.match(/\/achievements\/([a-z0-9]+)$/)?.[1] ?? "";
  expect((await researcher.post(`/achievements/${id}`, { intent: "submit" })).status).toBe(200);
  const broker = await login(server.url, "broker@demo.susong.example");
  expect((await broker.post(`/achievements/${id}`, { intent: "startReview" })).status).toBe(200);
  expect((await broker.post(`/achievements/${id}`, { intent: "publish" })).status).toBe(200);
  return id;
}

test("interest → coded answer → conversation, over HTTP and socket.io, with email, unread counts and contact gating", async () => {
  const title = `消息测试成果 ${Date.now()}`;
  const achievementId = await publishAchievement(title);
  // The review outcome reached the researcher by email (a default email topic).
  await expect.poll(() => smtp.mails.some((m) => m.to.includes("researcher@demo.susong.example") && m.subject.includes(title)), { timeout: 15_000 }).toBe(true);

  const enterprise = await login(server.url, "enterprise@demo.susong.example");
  const page = await enterprise.get(`/achievements/${achievementId}`);
  expect(page.text).toContain('data-testid="interest-panel"');
  const sent = await enterprise.post("/interests/express", { listingKind: "achievement", listingId: achievementId, message: "我们想了解许可条件 <b>急</b>" });
  expect(sent.status).toBe(200);
  const interestId = (JSON.parse(sent.text) as { id: string }).id;
  expect((await enterprise.post("/interests/express", { listingKind: "achievement", listingId: achievementId, message: "再来一次" })).status).toBe(409);

  // The owner organization's TTO answers: OTHER needs a note (message in the user's language), then it goes through.
  const tto = await login(server.url, "tto@demo.susong.example");
  const inbox = await tto.get("/interests?box=received");
  expect(inbox.text).toContain(`data-interest-id="${interestId}"`);
  const noNote = await tto.post(`/interests/${interestId}`, { intent: "answer", code: "OTHER", note: "" });
  expect(noNote.status).toBe(422);
  expect(noNote.text).toContain("选择“其他”时须填写说明。");
  expect((await enterprise.post(`/interests/${interestId}`, { intent: "answer", code: "PRICE", note: "" })).status).toBe(403);
  expect((await tto.post(`/interests/${interestId}`, { intent: "answer", code: "OTHER", note: "请先提供应用场景" })).status).toBe(200);
  await expect.poll(() => smtp.mails.some((m) => m.to.includes("enterprise@demo.susong.example") && m.text.includes("请先提供应用场景")), { timeout: 15_000 }).toBe(true);

  // Another organization's member sees neither the interest nor its conversation.
  const outsider = await login(server.url, "enterprise2@demo.susong.example");
  expect((await outsider.get(`/interests/${interestId}`)).status).toBe(404);
  const opened = await enterprise.post(`/interests/${interestId}`, { intent: "conversation" });
  expect(opened.status).toBe(302);
  const conversationId = opened.headers.get("location")?.split("/").pop() ?? "";
  expect((await outsider.get(`/conversations/${conversationId}`)).status).toBe(404);
  expect((await outsider.post("/conversations/open", { subjectKind: "interest", subjectId: interestId })).status).toBe(404);

  // Live: both parties join; the outsider's socket is refused, and so is a malformed payload.
  const enterpriseSocket = await live(enterprise);
  const ttoSocket = await live(tto);
  const outsiderSocket = await live(outsider);
  expect(await enterpriseSocket.timeout(10_000).emitWithAck("conversation:join", { conversationId })).toEqual({ ok: true, unread: 0 });
  expect(await ttoSocket.timeout(10_000).emitWithAck("conversation:join", { conversationId })).toEqual({ ok: true, unread: 0 });
  expect(await outsiderSocket.timeout(10_000).emitWithAck("conversation:join", { conversationId })).toMatchObject({ ok: false, code: "404" });
  expect(await outsiderSocket.timeout(10_000).emitWithAck("conversation:join", { conversationId: 42 })).toMatchObject({ ok: false, code: "invalid" });
  expect(await outsiderSocket.timeout(10_000).emitWithAck("conversation:send", { conversationId, body: "偷偷发一条" })).toMatchObject({ ok: false, code: "404" });
  const outsiderHeard: ConversationMessage[] = [];
  outsiderSocket.on("conversation:message", (m) => outsiderHeard.push(m));

  const heard = new Promise<ConversationMessage>((resolve) => ttoSocket.once("conversation:message", resolve));
  const ack = await enterpriseSocket.timeout(10_000).emitWithAck("conversation:send", { conversationId, body: "方便周三见面吗？" });
  expect(ack).toMatchObject({ ok: true, message: { body: "方便周三见面吗？" } });
  const delivered = await heard;
  expect(delivered).toMatchObject({ conversationId, message: { body: "方便周三见面吗？", senderName: "黄企（演示）" } });
  expect(delivered.message.id).toBe(ack.ok ? ack.message.id : "");

  // A message posted through HTTP is broadcast too; the TTO has two unread until reading.
  const viaHttp = new Promise<ConversationMessage>((resolve) => ttoSocket.once("conversation:message", resolve));
  expect((await enterprise.post(`/conversations/${conversationId}`, { body: "附上需求说明" })).status).toBe(200);
  expect((await viaHttp).message.body).toBe("附上需求说明");
  const list = await tto.get("/conversations");
  expect(list.text).toMatch(/data-testid="unread">2 条未读</);
  const history = await tto.get(`/conversations/${conversationId}`);
  expect(history.text).toContain("方便周三见面吗？");
  expect((await tto.get("/conversations")).text).not.toContain('data-testid="unread"');
  expect(outsiderHeard).toEqual([]);

  // Contact details: hidden until both sides agree.
  expect(history.text).not.toContain("enterprise@demo.susong.example");
  expect((await enterprise.post(`/conversations/${conversationId}`, { intent: "consent" })).status).toBe(200);
  expect((await enterprise.get(`/conversations/${conversationId}`)).text).not.toContain("tto@demo.susong.example");
  expect((await tto.post(`/interests/${interestId}`, { intent: "consent" })).status).toBe(200);
  expect((await enterprise.get(`/conversations/${conversationId}`)).text).toContain("tto@demo.susong.example");
  expect((await tto.get(`/interests/${interestId}`)).text).toContain("enterprise@demo.susong.example");

  // The notification centre lists the new message for the TTO; marking read clears the badge count.
  const centre = await tto.get("/notifications");
  expect(centre.text).toContain("在“" + title + "”的会话中发来新消息");
  expect((await tto.post("/notifications", {})).status).toBe(200);
  expect((await tto.get("/notifications?filter=unread")).text).not.toContain('data-testid="notifications"');

  // The public profile counts the answered interest.
  const profile = await outsider.get(`/orgs/${(await tto.get(`/achievements/${achievementId}`)).text.match(/href="\/orgs\/([a-z0-9]+)"/)?.[1] ?? ""}`);
  expect(profile.status).toBe(200);
  expect(profile.text).toMatch(/data-testid="response-rate">[\d.]+%</);
});
