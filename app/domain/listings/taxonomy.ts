/**
 * 技术领域: a two-level taxonomy "大类-小类". Seeded from every tech_field value of the shared/data
 * achievements (11 majors, 129 minors), plus 电子信息-集成电路 and 海洋-* so that Xiamen's priority
 * industries each have a home. Plain data: the browser's forms and the server share it.
 */
export type TechFieldMajor = { major: string; minors: readonly string[] };

export const techFieldTaxonomy: readonly TechFieldMajor[] = [
  { major: "现代农业", minors: ["农业信息化", "农业生物技术", "农副产品深加工", "农副产品贮藏", "农林植物新品种", "农林植物灾害防治技术", "动物疫病防控技术", "新型农业机械设备", "新型林业机械", "新型肥料及添加剂", "新型饲料", "生物农药及生物防治", "畜禽水产新品种", "节水灌溉"] },
  { major: "新材料", minors: ["化工新材料", "复合材料", "新型建筑材料", "生态环境材料", "生物医用材料", "电子信息材料", "碳材料", "磁性材料", "稀土材料", "纳米材料及应用", "纺织新材料", "膜材料", "航空", "节能新材料", "超导材料", "金属材料", "陶瓷材料", "高分子材料"] },
  { major: "装备制造", minors: ["切割", "数字化制造", "数字化管理", "数字化设计", "新型机械装置", "智能仪表", "机加工", "机器人", "机电一体化", "模具", "涂装", "激光加工", "焊接", "精密机械", "自动化", "通用机械", "钣金", "铸造"] },
  { major: "电子信息", minors: ["互联网", "人工智能", "信息服务", "光电子", "大数据", "微电子", "数字音视频", "物联网", "电子仪表", "网络", "计算机硬件", "计算机软件", "通信", "集成电路", "其他"] },
  { major: "生物医药", minors: ["中药", "化学药", "医疗器械", "生化", "生化纳米", "生物", "生物制品"] },
  { major: "交通运输", minors: ["智能交通", "汽车及零部件", "物流仓储", "空间技术", "航空", "船舶及装备", "轨道交通"] },
  { major: "技术服务", minors: ["信息系统运维", "工业设计", "数据库服务", "文化创意", "检验检测", "生物医药研发测试", "知识产权", "软件技术外包"] },
  { major: "新能源", minors: ["LED", "太阳能", "新能源汽车", "氢能", "生物质能", "电池", "电能与电力", "石油天然气", "能源管理", "能量转换", "风能", "高效节能"] },
  { major: "资源环保", minors: ["固体废弃物处理与综合利用", "大气污染防治", "循环经济", "水污染防治", "清洁生产", "环境检测", "生态修复保护", "资源综合利用", "采矿选矿"] },
  { major: "生活必需", minors: ["体育", "包装", "印刷", "家电", "文化", "日化", "服装", "消防", "皮革", "造纸", "食品"] },
  { major: "建筑安装", minors: ["建筑机械", "新型建材", "智能建筑", "暖通", "结构", "给排水", "绿色建筑", "装饰装修", "设备安装", "路桥"] },
  { major: "海洋", minors: ["海洋生物", "海洋工程装备", "海洋环境", "海洋信息"] },
];

/** Xiamen's priority industries, offered first in the field picker; each points at taxonomy entries. */
export const priorityIndustries: readonly { key: string; label: string; fields: readonly string[] }[] = [
  { key: "new-energy", label: "新能源", fields: ["新能源"] },
  { key: "new-materials", label: "新材料", fields: ["新材料"] },
  { key: "biomedicine", label: "生物医药", fields: ["生物医药"] },
  { key: "semiconductors", label: "集成电路/半导体", fields: ["电子信息-集成电路", "电子信息-微电子", "新材料-电子信息材料"] },
  { key: "ai-electronics", label: "人工智能/电子信息", fields: ["电子信息-人工智能", "电子信息"] },
  { key: "marine", label: "海洋", fields: ["海洋", "交通运输-船舶及装备", "现代农业-畜禽水产新品种"] },
  { key: "high-end-equipment", label: "高端装备", fields: ["装备制造"] },
  { key: "modern-agriculture", label: "现代农业", fields: ["现代农业"] },
];

export function splitTechField(value: string | null | undefined): { major: string | null; minor: string | null } {
  if (!value) return { major: null, minor: null };
  const [major = "", ...rest] = value.split("-");
  return { major: major.trim() || null, minor: rest.join("-").trim() || null };
}

/** Whether "大类-小类" (or a bare 大类) names an entry of the taxonomy. */
export function isKnownTechField(value: string): boolean {
  const { major, minor } = splitTechField(value);
  const entry = techFieldTaxonomy.find((e) => e.major === major);
  if (!entry) return false;
  return minor === null || entry.minors.includes(minor);
}

export const allTechFields: readonly string[] = techFieldTaxonomy.flatMap((e) => e.minors.map((m) => `${e.major}-${m}`));

/** 国民经济行业分类 as published "门类——大类" → its two levels. */
export function splitIndustryClass(value: string | null | undefined): { section: string | null; division: string | null } {
  if (!value) return { section: null, division: null };
  const [section = "", division = ""] = value.split("——");
  return { section: section.trim() || null, division: division.trim() || null };
}

/** 国民经济行业分类 (GB/T 4754-2017) 门类, the first level of the industry class. */
export const industrySections: readonly string[] = [
  "农、林、牧、渔业",
  "采矿业",
  "制造业",
  "电力、热力、燃气及水生产和供应业",
  "建筑业",
  "批发和零售业",
  "交通运输、仓储和邮政业",
  "住宿和餐饮业",
  "信息传输、软件和信息技术服务业",
  "金融业",
  "房地产业",
  "租赁和商务服务业",
  "科学研究和技术服务业",
  "水利、环境和公共设施管理业",
  "居民服务、修理和其他服务业",
  "教育",
  "卫生和社会工作",
  "文化、体育和娱乐业",
  "公共管理、社会保障和社会组织",
  "国际组织",
];
