import { afterAll, beforeAll, expect, test } from "vitest";
import { createMember, createOrg, TEST_PASSWORD } from "../helpers/factories";
import { startPreparedServer } from "../helpers/prepared-server";
import { type AppServer, Client } from "../helpers/server";

/**
 * Who opens a challenge's task books (任务书) and its milestones page after the award: the task book
 * is part of its application, so read:application decides (the lead's own members, the bureau and
 * the platform, brokers) besides the issuer; milestones are run by the issuer and review:application.
 */

let server: AppServer;
let challengeId = "";
const emails: Record<string, string> = {};

beforeAll(async () => {
  server = await startPreparedServer(async (db) => {
    const issuerOrg = await createOrg(db, "ENTERPRISE");
    const leadOrg = await createOrg(db, "UNIVERSITY");
    const otherUniversity = await createOrg(db, "UNIVERSITY");
    const agency = await createOrg(db, "BROKER_AGENCY");
    const bureauOrg = await createOrg(db, "GOVERNMENT");
    const member = async (label: string, orgId: string, role: Parameters<typeof createMember>[2]) => {
      const user = await createMember(db, orgId, role);
      emails[label] = user.email;
      return user;
    };
    const issuer = await member("issuer", issuerOrg.id, "ENTERPRISE");
    const lead = await member("lead", leadOrg.id, "TTO");
    await member("otherUniversity", otherUniversity.id, "TTO");
    await member("broker", agency.id, "BROKER");
    await member("bureau", bureauOrg.id, "BUREAU");
    await member("admin", bureauOrg.id, "ADMIN");
    const challenge = await db.challenge.create({ data: { direction: "新材料", title: "任务书可见范围", issuerOrgId: issuerOrg.id, status: "IN_PROGRESS", createdById: issuer.id } });
    challengeId = challenge.id;
    const taskBook = { indicators: [{ name: "首次库伦效率", target: "≥ 90", unit: "%", verification: "第三方检测", approach: "生物质前驱体" }], milestones: [], requestedWan: 100, selfFundedWan: 100, principalInvestigator: { name: "张教授" } };
    await db.challengeApplication.create({ data: { challengeId, leadOrgId: leadOrg.id, createdById: lead.id, status: "AWARDED", outcomeCode: "AWARDED", submittedAt: new Date(), taskBook } });
  });
}, 240_000);

afterAll(async () => {
  await server?.dispose();
});

async function statusFor(label: string, path: string) {
  const client = new Client(server.url, { "Accept-Language": "zh-CN" });
  expect((await client.post("/login", { email: emails[label] ?? "", password: TEST_PASSWORD, redirectTo: "/" })).status).toBe(302);
  const response = await client.get(path);
  return { status: response.status, shows: response.text.includes("首次库伦效率") };
}

test("task books: the issuer, the lead's members, brokers, the bureau and the platform read them; another applicant organization does not", async () => {
  const path = `/challenges/${challengeId}/taskbook`;
  for (const label of ["issuer", "lead", "broker", "bureau", "admin"]) expect(await statusFor(label, path), label).toEqual({ status: 200, shows: true });
  expect((await statusFor("otherUniversity", path)).status).toBe(404);
});

test("milestones: the issuer and review:application open the page; the lead, another organization and the bureau do not", async () => {
  const path = `/challenges/${challengeId}/milestones`;
  for (const label of ["issuer", "broker"]) expect((await statusFor(label, path)).status, label).toBe(200);
  for (const label of ["lead", "otherUniversity", "bureau"]) expect((await statusFor(label, path)).status, label).toBe(404);
});
