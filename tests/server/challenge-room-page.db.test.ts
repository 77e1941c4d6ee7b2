import { afterAll, beforeAll, expect, test } from "vitest";
import { zhCN } from "~/i18n/messages/zh-CN";
import { beijingLocal, login } from "../helpers/rooms";
import { type AppServer, startAppServer } from "../helpers/server";

let server: AppServer;
beforeAll(async () => {
  server = await startAppServer();
});
afterAll(async () => {
  await server?.dispose();
});

test("a broker opens the page for a challenge's bid room; without qualified applications it says so and opens nothing", async () => {
  const broker = await login(server.url, "broker@demo.susong.example");
  const list = await broker.get("/challenges");
  const challengeId = list.text.match(/href="\/challenges\/([a-z0-9]{20,})"/)?.[1];
  expect(challengeId).toBeTruthy();
  const page = await broker.get(`/rooms/challenge/${challengeId}`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('name="maxMonths"');
  const now = Date.now();
  const answer = await broker.post(`/rooms/challenge/${challengeId}`, {
    opensAt: beijingLocal(new Date(now)),
    closesAt: beijingLocal(new Date(now + 3_600_000)),
    maxMonths: "36",
    fundingWeight: "0.4",
    timeWeight: "0.2",
  });
  expect([400, 409]).toContain(answer.status);
  expect([zhCN["challengeRoom.noQualified"], zhCN["challengeRoom.noCeiling"]].some((message) => answer.text.includes(message))).toBe(true);
  expect(await broker.get("/rooms")).toMatchObject({ status: 200 });
  // A researcher, who neither issues challenges nor moderates rooms, may not open one.
  const researcher = await login(server.url, "researcher@demo.susong.example");
  expect((await researcher.get(`/rooms/challenge/${challengeId}`)).status).toBe(403);
});
