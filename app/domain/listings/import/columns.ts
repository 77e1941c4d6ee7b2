/**
 * Columns of an achievement list (成果清单) or a list of needs, and the header words (Chinese and
 * English) that name them. Plain data: the import page shows the same names in its mapping selects.
 */
export type ImportKind = "achievement" | "need";

export const achievementColumns = [
  "externalId",
  "title",
  "summary",
  "description",
  "techField",
  "industryClass",
  "maturity",
  "ip",
  "ipNumbers",
  "cooperation",
  "price",
  "region",
  "keywords",
  "team",
  "owner",
  "applicationScope",
  "postDate",
  "validUntil",
  "source",
] as const;
export const needColumns = ["externalId", "title", "description", "techField", "industryClass", "cooperation", "budget", "region", "deadline", "validUntil", "postDate", "requester", "source"] as const;
export type ImportColumn = (typeof achievementColumns)[number] | (typeof needColumns)[number];

export const requiredColumns: Record<ImportKind, readonly ImportColumn[]> = {
  achievement: ["externalId", "title"],
  need: ["externalId", "title"],
};

export function columnsOf(kind: ImportKind): readonly ImportColumn[] {
  return kind === "achievement" ? achievementColumns : needColumns;
}

/** Header words, compared after removing spaces, punctuation and case. */
const aliases: Record<ImportColumn, readonly string[]> = {
  externalId: ["id", "编号", "外部编号", "成果编号", "需求编号", "externalid", "external id", "ref", "序号编码"],
  title: ["title", "名称", "成果名称", "需求名称", "项目名称", "标题", "name"],
  summary: ["summary", "abstract", "成果简介", "简介", "摘要", "成果摘要"],
  description: ["description", "详细说明", "详细描述", "需求描述", "问题描述", "描述", "details"],
  techField: ["techfield", "tech field", "技术领域", "领域", "field", "technical field"],
  industryClass: ["industryclass", "industry", "行业", "行业分类", "所属行业", "国民经济行业", "industry class"],
  maturity: ["maturity", "成熟度", "技术成熟度", "成果成熟度", "trl", "stage"],
  ip: ["ip", "知识产权", "知识产权类型", "专利类型", "ip type", "intellectual property"],
  ipNumbers: ["ipnumbers", "专利号", "知识产权编号", "ip number", "ip numbers", "patent number", "patent numbers"],
  cooperation: ["cooperation", "合作方式", "交易方式", "转化方式", "cooperation mode", "cooperation modes"],
  price: ["price", "价格", "交易价格", "转让价格", "意向价格", "价格万元"],
  budget: ["budget", "预算", "预算金额", "需求预算", "预算万元"],
  region: ["region", "地区", "所在地区", "所在地", "城市", "city"],
  keywords: ["keywords", "关键词", "关键字", "keyword"],
  team: ["team", "团队", "成果团队", "研发团队"],
  owner: ["owner", "完成单位", "成果单位", "所属单位", "持有单位", "owner organization", "publisher"],
  requester: ["requester", "需求单位", "发布单位", "企业名称", "company"],
  applicationScope: ["applicationscope", "应用范围", "应用领域", "application scope", "applications"],
  postDate: ["postdate", "发布日期", "发布时间", "post date", "posted", "date"],
  validUntil: ["validuntil", "有效期至", "有效期", "valid until", "expires"],
  deadline: ["deadline", "截止日期", "截止时间", "需求截止日期"],
  source: ["source", "来源", "数据来源", "链接", "url"],
};

export function normalizeHeader(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s_\-()（）:：*＊、/]+/g, "");
}

const lookup = new Map<string, ImportColumn>();
for (const [column, words] of Object.entries(aliases) as [ImportColumn, readonly string[]][]) {
  for (const word of words) lookup.set(normalizeHeader(word), column);
}

/** The column a header names, for the given kind of list, or null. */
export function recognizeHeader(kind: ImportKind, header: string): ImportColumn | null {
  const column = lookup.get(normalizeHeader(header)) ?? null;
  return column && columnsOf(kind).includes(column) ? column : null;
}
