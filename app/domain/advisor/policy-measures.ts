import type { Measure } from "./evaluator";

/**
 * The quantified measures of 《关于深入实施科技创新引领工程加快创建国家区域科技创新中心的若干政策措施》 that a
 * deal or an organization record can drive, as first versions of the PolicyMeasure table (seeded, then edited by
 * administrators as new versions). Each excerpt is quoted from the policy text. The text names no reward on
 * technology-contract turnover, so none is encoded.
 *
 * Groups (就高从优不重复 — one grant per group):
 *  - ESTABLISHMENT: a grant for setting up a platform or institution (二(1), 四)
 *  - ANNUAL_OPERATION: a yearly operating grant to an organization (二(2), 九, 十)
 *  - FOUNDING: a reward for founding a company with an achievement (三)
 *  - FUND_RETURN: the government fund's concession on excess returns (十四)
 *  - MAJOR_PROJECT: support as a city major science and technology project (七)
 */
export const POLICY_VALID_FROM = new Date("2026-01-01T00:00:00+08:00");

export const defaultPolicyMeasures: Measure[] = [
  {
    code: "二(1)",
    version: 1,
    title: "新获批国家级创新平台一次性资助",
    titleEn: "One-off grant to a newly approved national innovation platform",
    textExcerpt:
      "对新获批建设的全国重点实验室、国家工程研究中心、国家技术创新中心、国家产业创新中心、国家制造业创新中心等国家级平台，给予一次性3000万元资助",
    kind: "FIXED",
    group: "ESTABLISHMENT",
    parameters: { subject: "organization", conditions: ["newNationalPlatform"], amountWan: 3000, per: "once" },
  },
  {
    code: "二(2)",
    version: 1,
    title: "国家级平台考核评估优秀运营经费",
    titleEn: "Yearly operating grant to a national platform rated excellent",
    textExcerpt: "对考核评估优秀的给予每年500万元运营经费资助",
    kind: "FIXED",
    group: "ANNUAL_OPERATION",
    parameters: { subject: "organization", conditions: ["nationalPlatformRatedExcellent"], amountWan: 500, per: "year" },
  },
  {
    code: "三",
    version: 1,
    title: "科技人员带成果创办企业奖励",
    titleEn: "Reward to researchers founding a company with an achievement",
    textExcerpt: "鼓励高校院所科技人员带科技成果在厦创办、领办科技型企业，经评审择优按实缴注册资本金的10%给予最高100万元奖励",
    kind: "PERCENT_CAPPED",
    group: "FOUNDING",
    parameters: {
      subject: "deal",
      conditions: ["supplierIsUniversityOrInstitute", "companyFoundedWithAchievement"],
      basisFact: "paidInCapitalWan",
      percent: 10,
      capWan: 100,
      per: "once",
    },
  },
  {
    code: "四",
    version: 1,
    title: "新型研发机构启动经费",
    titleEn: "Start-up funding for a new R&D institution",
    textExcerpt: "强化启动经费、建设经费、资本金投入等多元化支持模式，给予最高不超过2000万元启动经费支持",
    kind: "UP_TO",
    group: "ESTABLISHMENT",
    parameters: { subject: "organization", conditions: ["newRdInstitution"], basisFact: "requestedWan", capWan: 2000, per: "once" },
  },
  {
    code: "七",
    version: 1,
    title: "国家重大科技计划成果在厦落地转化",
    titleEn: "National programme results transferred to Xiamen",
    textExcerpt:
      "鼓励引导国家重点研发计划、科技重大专项（科技创新2030-重大项目）等重大科技计划项目成果和国家科学技术奖获奖成果在厦落地转化，按市科技计划重大项目予以支持",
    kind: "REFERRAL",
    group: "MAJOR_PROJECT",
    parameters: { subject: "deal", conditions: ["nationalProgramAchievement"], per: "once" },
  },
  {
    code: "九",
    version: 1,
    title: "“一带一路”协同创新中心关联机构绩效补助",
    titleEn: "Performance grant to local partners of Belt and Road innovation centres",
    textExcerpt: "探索在“一带一路”沿线国家建设协同创新中心，对直接关联的本地机构按绩效给予每年每家最高500万元补助",
    kind: "UP_TO",
    group: "ANNUAL_OPERATION",
    parameters: { subject: "organization", conditions: ["beltAndRoadCentreLinked"], basisFact: "requestedWan", capWan: 500, per: "year" },
  },
  {
    code: "十",
    version: 1,
    title: "创新飞地运营合作机构支持",
    titleEn: "Support to innovation enclave operators",
    textExcerpt: "以“运营补助+绩效奖励”相结合方式对飞地运营合作机构给予每年最高500万元支持",
    kind: "UP_TO",
    group: "ANNUAL_OPERATION",
    parameters: { subject: "organization", conditions: ["enclaveOperator"], basisFact: "requestedWan", capWan: 500, per: "year" },
  },
  {
    code: "十四",
    version: 1,
    title: "政府股权投资基金超额收益让利",
    titleEn: "Government fund's concession on excess returns",
    textExcerpt: "对基金投资的在厦成果转化项目，政府股权投资基金可将超额收益的80%进行让利",
    kind: "SHARE",
    group: "FUND_RETURN",
    parameters: { subject: "deal", conditions: ["fundInvestedProject"], basisFact: "excessReturnWan", percent: 80, per: "once" },
  },
];
