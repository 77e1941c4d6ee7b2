import { expect, test } from "vitest";
import { achievementFromRecord, needFromRecord, parseCooperationModes, parseMaturity, parseSourceDate, parseWanRange, titleFromText } from "./source-records";

test("maturity words map to stages and TRL", () => {
  expect(parseMaturity("已有样品")).toBe("LAB");
  expect(parseMaturity("通过小试")).toBe("SMALL_PILOT");
  expect(parseMaturity("通过中试")).toBe("PILOT");
  expect(parseMaturity("可以量产")).toBe("MASS_PRODUCTION");
  expect(parseMaturity("正在研发")).toBe("RESEARCHING");
  expect(parseMaturity(undefined)).toBeNull();
});

test("run-together and comma-separated cooperation modes are split", () => {
  expect(parseCooperationModes("完全转让许可转让技术入股合作生产")).toEqual(["TRANSFER", "LICENSE", "EQUITY", "CO_DEVELOPMENT"]);
  expect(parseCooperationModes("技术转让,技术许可,委托开发")).toEqual(["TRANSFER", "LICENSE", "CO_DEVELOPMENT"]);
  expect(parseCooperationModes("许可转让")).toEqual(["LICENSE"]);
  expect(parseCooperationModes("其他")).toEqual(["OTHER"]);
  expect(parseCooperationModes("")).toEqual([]);
});

test("prices become bands in 万元 or negotiable", () => {
  expect(parseWanRange("面议")).toEqual({ min: null, max: null, negotiable: true });
  expect(parseWanRange("100.0万元-200.0万元")).toEqual({ min: 100, max: 200, negotiable: false });
  expect(parseWanRange("100万元")).toEqual({ min: 100, max: 100, negotiable: false });
  expect(parseWanRange("50000元")).toEqual({ min: 5, max: 5, negotiable: false });
});

test("source dates are read as Beijing dates", () => {
  expect(parseSourceDate("2020-03-20")?.toISOString()).toBe("2020-03-20T04:00:00.000Z");
  expect(parseSourceDate("2018-08")?.toISOString()).toBe("2018-08-01T04:00:00.000Z");
  expect(parseSourceDate("someday")).toBeNull();
});

test("a record without a title gets its first clause", () => {
  expect(titleFromText("需要一种高电阻电热合金丝。要求耐高温")).toBe("需要一种高电阻电热合金丝");
  expect(titleFromText("长".repeat(60)).length).toBe(40);
  expect(needFromRecord({ id: "x", description: "改进防起球工艺。其他说明" }).title).toBe("改进防起球工艺");
});

test("an achievement record keeps its id and maps its fields", () => {
  const mapped = achievementFromRecord({
    id: "51jishu-ach-1",
    title: " 久坐卫士 ",
    abstract: "利用光来监测坐姿",
    tech_field: "电子信息-计算机软件",
    maturity: "已有样品",
    ip: "发明专利",
    cooperation_mode: "完全转让",
    price: "面议",
    post_date: "2020-03-20",
  });
  expect(mapped).toMatchObject({ externalId: "51jishu-ach-1", title: "久坐卫士", techFieldMajor: "电子信息", maturity: "LAB", trl: 4, ipType: "INVENTION_PATENT", cooperationModes: ["TRANSFER"], negotiable: true });
});
