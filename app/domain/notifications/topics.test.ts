import { expect, test } from "vitest";
import { getTranslator } from "~/i18n/i18n";
import { describeNotification, preferenceTopicOf, topics } from "./topics";

test("a deal's stage change reads in the reader's language and leads to the deal", () => {
  const n = { topic: topics.dealStage, entityType: "Deal", entityId: "d1", data: { reference: "SX-2026-00001", title: "固态电池电解质", stage: "NDA_SIGNED", link: "/deals/d1" } };
  expect(describeNotification(getTranslator("zh-CN"), n)).toEqual({ title: "撮合项目“固态电池电解质”进入新阶段：已签保密协议", detail: "SX-2026-00001", link: "/deals/d1" });
  expect(describeNotification(getTranslator("en"), n).title).toMatch(/^Deal “固态电池电解质” moved to: /);
  expect(preferenceTopicOf(topics.dealStage)).toBe("deal");
  expect(preferenceTopicOf(topics.dealStalled)).toBe("dealStalled");
});

test("an unknown stage code is shown as it is, not as a missing message key", () => {
  const n = { topic: topics.dealStage, data: { title: "x", stage: "SOMETHING_NEW" } };
  expect(describeNotification(getTranslator("en"), n).title).toContain("SOMETHING_NEW");
});

test("an application's coded outcome reads as a sentence and leads to the application", () => {
  const n = { topic: "application.outcome", entityType: "application", entityId: "a1", data: { title: "高比能固态电池", outcome: "NOT_SHORTLISTED" } };
  const zh = describeNotification(getTranslator("zh-CN"), n);
  expect(zh.link).toBe("/applications/a1");
  expect(zh.title).toContain("高比能固态电池");
  expect(zh.title).not.toContain("NOT_SHORTLISTED");
  expect(preferenceTopicOf("application.outcome")).toBe("application");
});
