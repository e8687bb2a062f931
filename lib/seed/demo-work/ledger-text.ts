// Phrases for the seven work ledgers: summaries, handling and outcomes built from templates and invented place names.
import { maskedName, personName } from "./names";
import type { Rng } from "./random";

export type Weighted<T> = readonly (readonly [T, number])[];

export const DISPUTE_CATEGORY_WEIGHTS: Weighted<string> = [
  ["邻里冲突", 24], ["家庭矛盾", 20], ["婚恋纠葛", 14], ["劳资债务", 14], ["土地山林", 8],
  ["合同经济", 7], ["交通事故", 5], ["征地拆迁", 3], ["医疗纠纷", 2], ["其他", 3],
];

const COMPANIES = ["某建筑公司", "某劳务公司", "某物业公司", "某商贸公司", "某农业合作社", "某养殖场", "某装饰公司", "某运输公司", "某房地产开发公司", "某餐饮店"];
const HOSPITALS = ["某县人民医院", "某乡镇卫生院", "某民营诊所", "某中医医院"];
const RELATIVES = ["妻子", "丈夫", "儿子", "儿媳", "兄弟", "父亲", "女婿", "母亲"];

export interface Parties {
  text: string;
  count: number;
}

/** A dispute or problem in one line, its parties and the usual settlement. */
export function disputeText(rng: Rng, category: string, community = false): { summary: string; parties: Parties; settle: string } {
  const a = maskedName(rng);
  const b = maskedName(rng);
  const pair: Parties = { text: `${a}、${b}`, count: 2 };
  switch (category) {
    case "邻里冲突": {
      const r = rng.pick(community ? ["楼上漏水", "堆放杂物占道", "饲养犬只扰民", "装修噪音", "相邻通行", "房屋采光", "车位占用", "楼道杂物"] : ["宅基地界线", "排水沟渠堵塞", "堆放杂物占道", "饲养犬只扰民", "相邻通行", "房屋采光", "牲畜啃食庄稼", "院墙修建"]);
      return { summary: `${a}与邻居${b}因${r}问题发生争执`, parties: pair, settle: rng.pick(["双方重新明确界线，互谅互让", "责任方承诺及时整改并赔偿损失", "双方握手言和，签订调解协议"]) };
    }
    case "家庭矛盾": {
      const r = rng.pick(["赡养老人", "家庭琐事", "财产分割", "子女教育", "分家析产", "家务分担", "酗酒"]);
      return { summary: `${a}与其${rng.pick(RELATIVES)}${b}因${r}问题发生矛盾`, parties: pair, settle: rng.pick(["家庭成员达成赡养协议", "双方表示互相体谅，和好如初", "明确财产分配方案，矛盾化解"]) };
    }
    case "婚恋纠葛": {
      const r = rng.pick(["离婚财产分割", "彩礼返还", "恋爱分手", "子女抚养权", "婚外情感问题", "同居期间财物"]);
      return { summary: `${a}与${b}因${r}问题产生纠纷`, parties: pair, settle: rng.pick(["就彩礼、财物返还达成协议", "双方同意协议离婚并明确子女抚养", "双方承诺互不纠缠、互不骚扰"]) };
    }
    case "劳资债务": {
      if (rng.chance(0.55)) {
        const n = rng.int(3, 40);
        const c = rng.pick(COMPANIES);
        return { summary: `${a}等${n}名务工人员与${c}因拖欠工资约${rng.int(3, 120)}万元发生纠纷`, parties: { text: `${a}等${n}人；${c}`, count: n + 1 }, settle: "用工方承诺分期支付拖欠工资，已支付首期款项" };
      }
      return { summary: `${a}与${b}因${rng.int(1, 50)}万元借款到期未还发生纠纷`, parties: pair, settle: "双方约定了还款计划" };
    }
    case "土地山林": {
      const r = community ? rng.pick(["院落使用权", "公共绿地占用", "房屋产权"]) : rng.pick(["耕地边界", "林地承包", "土地流转费用", "灌溉用水", "坟地占用", "草场使用"]);
      return { summary: `村民${a}与${b}因${r}问题发生争执`, parties: pair, settle: "双方在现场勘验后重新确认了四至界线" };
    }
    case "征地拆迁": {
      const n = rng.int(3, 25);
      const r = rng.pick(["征地补偿款分配", "拆迁安置", "青苗补偿", "安置房分配"]);
      return { summary: `${n}户村民因${r}问题与${rng.pick(["乡镇政府", "项目建设单位", "村委会"])}产生纠纷`, parties: { text: `${a}等${n}户村民`, count: n + 1 }, settle: "相关部门现场答复政策，补偿款按程序发放" };
    }
    case "合同经济": {
      const c = rng.pick(COMPANIES);
      const r = rng.pick(["买卖合同货款", "租赁合同押金", "装修工程款", "农资质量", "预付卡退费"]);
      return { summary: `${a}与${c}因${r}问题发生纠纷`, parties: { text: `${a}；${c}`, count: 2 }, settle: "双方核对账目，约定分期结清款项" };
    }
    case "医疗纠纷": {
      const h = rng.pick(HOSPITALS);
      return { summary: `患者家属${a}与${h}因诊疗结果产生纠纷`, parties: { text: `${a}等；${h}`, count: rng.int(2, 6) }, settle: "引导双方通过医疗纠纷调解程序解决，医院给予适当补偿" };
    }
    case "交通事故":
      return { summary: `${a}与${b}因交通事故赔偿问题发生纠纷`, parties: pair, settle: "依据事故责任认定，双方就赔偿金额达成一致" };
    default: {
      const r = rng.pick(["网购退款", "物业收费", "宠物伤人", "酒后口角", "停车收费", "快递丢失"]);
      return { summary: `${a}与${b}因${r}问题发生纠纷`, parties: pair, settle: "双方互相谅解，纠纷化解" };
    }
  }
}

const mediatedBy = (body: string) => (body === "其他" ? "经有关组织调解" : body.endsWith("调解") ? `经${body}` : `经${body}调解`);

/** 社区 have residents, not villagers. */
export const residents = (text: string, village: string) =>
  village.endsWith("社区") ? text.replaceAll("村民", "居民").replaceAll("村委会", "社区居委会").replaceAll("青苗补偿", "拆迁补偿") : text;

export function disputeOutcome(rng: Rng, body: string | null, settle: string, status: string): string | null {
  if (status === "已化解")
    return body
      ? `${mediatedBy(body)}，${settle}，签订调解协议书${rng.chance(0.5) ? "，当场履行完毕" : ""}。${rng.chance(0.4) ? "已回访，双方表示满意。" : ""}`
      : `经民警释法说理、耐心疏导，${settle}，当事人自行和解。`;
  if (status === "未化解") return "经多次调解，双方分歧较大未能达成协议，已引导当事人通过诉讼途径解决，落实稳控措施。";
  if (status === "稳控中") return "已落实包案领导和责任民警，开展定期回访，防止矛盾激化。";
  if (status === "调解中") return body ? `已交${body === "其他" ? "有关组织" : body}组织调解。` : null;
  return null;
}

// ── stability events ────────────────────────────────────────────────────────────────────────────────────────

export function stabilityText(rng: Rng, nature: string, month: number, county: string, town: string, village: string) {
  const a = maskedName(rng);
  switch (nature) {
    case "重大活动安保": {
      const event =
        month <= 2 ? "春节期间" : month === 3 ? "全国两会期间" : month === 5 ? "“五一”假期" : month === 6 ? "中考高考期间" : month === 10 ? "国庆假期" : rng.pick(["大型文艺演出", "商贸洽谈会", "体育赛事", "传统庙会", "文化旅游节"]);
      return {
        title: `${county}${event}安保工作`,
        place: `${county}城区及${town}重点场所`,
        scale: rng.int(5, 200) * 100,
        handling: `启动安保工作方案，投入警力${rng.int(30, 400)}人次，对重点部位开展巡逻守护和安全检查，落实“1、3、5分钟”快速反应机制。`,
        outcome: "安保工作圆满完成，未发生影响安全稳定的案事件。",
      };
    }
    case "重点人员动向":
      return rng.chance(0.5)
        ? {
            title: `重点人员${a}异常动向处置`,
            place: `${county}${town}${village}`,
            scale: 1,
            handling: "接预警后，属地派出所会同乡镇（街道）及时见面稳控，开展思想疏导，落实专人包保。",
            outcome: "人员已稳控在当地，思想情绪稳定。",
          }
        : {
            title: `${rng.int(2, 6)}名重点人员拟赴省进京上访`,
            place: `${county}${town}`,
            scale: rng.int(2, 6),
            handling: "及时会同信访等部门做好劝返稳控工作，协调解决合理诉求。",
            outcome: "相关人员已劝返，诉求已按程序转有关部门办理。",
          };
    case "涉稳舆情": {
      const topic = rng.pick(["学校食品安全", "小区物业纠纷", "交通事故", "拆迁补偿", "欠薪讨薪", "医疗纠纷", "网传不实警情"]);
      return {
        title: `网上出现涉${county}${topic}舆情`,
        place: `${county}${town}`,
        scale: null,
        handling: "网安部门及时监测发现，会同宣传、属地部门核实情况，发布权威信息回应关切。",
        outcome: rng.chance(0.8) ? "舆情平稳回落，未引发线下聚集。" : "对散布谣言人员依法予以训诫教育，舆情已平息。",
      };
    }
    case "群体性事件": {
      const who = rng.pick(["务工人员", "村民", "业主", "投资人"]);
      const why = who === "务工人员" ? "讨要欠薪" : who === "村民" ? rng.pick(["征地补偿", "环境污染", "土地流转费用"]) : who === "业主" ? rng.pick(["逾期交房", "房屋质量", "物业收费"]) : "集资款兑付";
      const n = rng.int(10, 80);
      return {
        title: `${town}${n}名${who}因${why}问题聚集`,
        place: `${county}${town}${village}`,
        scale: n,
        handling: `属地派出所第一时间到场维护秩序，会同${rng.pick(["人社", "住建", "乡镇政府", "信访"])}部门现场接访，依法劝导疏散。`,
        outcome: rng.chance(0.85) ? "聚集人员已劝离，相关诉求已纳入问题清单跟踪化解。" : "现场秩序恢复，对个别违法人员依法处理。",
      };
    }
    case "个人极端":
      return {
        title: `${a}因${rng.pick(["讨要工程款", "家庭矛盾", "债务纠纷", "诉求未果"])}扬言实施极端行为`,
        place: `${county}${town}${village}`,
        scale: 1,
        handling: "接报后迅速处置，开展现场劝解，联系家属共同做好疏导工作。",
        outcome: "当事人情绪已平复，已落实稳控和帮扶措施。",
      };
    default:
      return {
        title: `${town}突发${rng.pick(["山体滑坡群众转移安置", "沙尘暴天气交通管制", "森林草原火情处置", "暴雨洪涝群众转移"])}`,
        place: `${county}${town}`,
        scale: rng.int(20, 600),
        handling: "启动应急预案，配合相关部门开展救援、疏导和秩序维护。",
        outcome: "群众全部安全转移，未发生次生灾害和治安问题。",
      };
  }
}

// ── intelligence, analysis, verification ───────────────────────────────────────────────────────────────────

export function intelText(rng: Rng, county: string, town: string, village: string): { title: string; content: string; topic: string } {
  const n = rng.int(3, 60);
  const a = maskedName(rng);
  const options: (() => { title: string; topic: string; detail: string })[] = [
    () => {
      const issue = rng.pick(["征地补偿", "拆迁安置", "拖欠工资", "集资款兑付", "环境污染", "房屋质量"]);
      return { title: `${village}部分群众拟就${issue}问题集体上访`, topic: `${village}群众${issue}诉求`, detail: `涉及群众约${n}人，近期在微信群中商议集体行动` };
    },
    () => ({ title: `${town}某工地${n}名务工人员因欠薪酝酿聚集`, topic: `${town}工地欠薪`, detail: `涉及拖欠工资约${rng.int(10, 300)}万元，务工人员情绪激动` }),
    () => ({ title: `重点人员${a}近期行踪异常`, topic: `重点人员${a}动向`, detail: "该人员近期频繁外出，与外地人员联系密切" }),
    () => ({ title: `${village}两户村民矛盾激化，一方扬言报复`, topic: `${village}邻里矛盾`, detail: "双方因宅基地纠纷多次发生口角，一方酒后扬言报复" }),
    () => ({ title: `网上出现涉${county}${rng.pick(["学校", "医院", "小区", "景区"])}的负面信息`, topic: `涉${county}网络舆情`, detail: `相关帖文阅读量约${rng.int(1, 50)}万次，存在发酵风险` }),
    () => ({ title: `${town}发现疑似电信网络诈骗窝点线索`, topic: `${town}电诈线索`, detail: `有${rng.int(2, 8)}名外地人员租住民房，昼伏夜出，疑似从事电诈活动` }),
    () => ({ title: `有人在微信群散布${town}${rng.pick(["拐卖儿童", "地震", "化工厂爆炸", "疫情"])}谣言`, topic: `${town}网络谣言`, detail: "经初步核查该信息无事实依据，已在多个群组转发" }),
    () => ({ title: `${village}村民反映有人夜间非法采砂`, topic: `${village}非法采砂`, detail: "群众反映河道内有车辆夜间作业，存在涉黑涉恶苗头" }),
    () => ({ title: `某投资平台${n}名投资人拟聚集维权`, topic: "投资平台维权", detail: `涉及投资金额约${rng.int(50, 2000)}万元，部分人员拟赴政府聚集` }),
    () => ({ title: `${town}集市期间人员密集存在安全隐患`, topic: `${town}集市安全`, detail: "集市人流量大，周边道路拥堵，存在踩踏和交通安全隐患" }),
    () => ({ title: `${a}因家庭矛盾多次扬言伤害家人`, topic: `${village}家庭矛盾`, detail: "该人员有酗酒习惯，近期多次与家人发生冲突" }),
    () => ({ title: `${town}某娱乐场所疑似存在涉黄涉赌活动`, topic: `${town}场所治安`, detail: "群众举报该场所夜间人员进出频繁" }),
  ];
  const o = rng.pick(options)();
  return { title: o.title, topic: o.topic, content: `${o.title}。${o.detail}。${rng.pick(["建议属地派出所核实处置。", "建议相关警种提前介入。", "请属地做好稳控工作。", "建议加强研判，防止事态扩大。"])}` };
}

export function analysisText(rng: Rng, topic: string, risk: "BLUE" | "YELLOW" | "RED") {
  const level = { BLUE: "较低", YELLOW: "中等", RED: "较高" }[risk];
  return {
    topic: `关于${topic}的分析研判`,
    conclusion: `经综合研判，${topic}相关情况${rng.pick(["基本属实", "部分属实", "有待进一步核实"])}，引发${rng.pick(["群体性事件", "个人极端事件", "网络舆情炒作", "治安案件"])}的风险${level}。${risk === "RED" ? "需立即落实稳控措施，防止事态扩大。" : "需持续关注动态，落实包保责任。"}`,
    recommendations: rng.sample(["属地派出所加强走访摸排，掌握人员动态", "会同乡镇（街道）和相关部门开展联合化解", "网安部门加强网上巡查，及时处置有害信息", "落实“一人一策”稳控措施", "做好应急处置准备，预置警力", "建立日报告制度，动态跟踪"], 3)
      .map((s, i) => `${i + 1}. ${s}`)
      .join("；"),
    followUp: rng.pick(["已按研判意见落实，情况平稳。", "各项措施已落实到位，持续跟踪。", "已推送核查处置，待反馈。"]),
  };
}

export function verificationText(rng: Rng, result: string | null, closed: boolean) {
  const action =
    result === "不属实"
      ? "经实地走访核查，情报反映情况不属实，已向报告人做好解释工作。"
      : result === "部分属实"
        ? `经核查，情报反映情况部分属实，${rng.pick(["已会同相关部门化解矛盾", "已对相关人员进行教育训诫", "已纳入矛盾纠纷台账跟踪化解"])}。`
        : result === "属实"
          ? `经核查情况属实，${rng.pick(["已依法处置，涉事人员已稳控", "已协调相关部门解决群众合理诉求", "已立案侦查", "已落实专人包保稳控", "已依法查处，收缴相关物品"])}。`
          : "核查工作正在进行中。";
  return { action, feedback: closed ? rng.pick(["已向上级情报指挥中心反馈核查处置情况。", "处置结果已反馈，情报闭环。", "已书面反馈，相关材料归档。"]) : null };
}

// ── problems and mechanisms ─────────────────────────────────────────────────────────────────────────────────

export function problemDescription(rng: Rng, summary: string): string {
  return `${summary}，${rng.pick(["双方情绪对立，矛盾有激化苗头", "曾多次报警求助", "经网格员排查发现", "当事人多次到村委会反映", "已持续较长时间"])}。${rng.pick(["已落实责任民警跟进", "已分流至司法所和村委会联合化解", "已纳入重点关注"])}。`;
}

export function followUpText(rng: Rng): string {
  return rng.pick(["已回访，当事人表示满意，矛盾未反弹。", "回访两次，双方履行协议良好。", "电话回访，当事人情绪稳定。", "入户回访，未发现新的矛盾隐患。"]);
}

export const MECHANISM_NAMES = [
  "矛盾纠纷多元化解工作机制（试行）",
  "警调对接工作实施办法",
  "情指行一体化运行工作规范",
  "重点人员动态管控工作办法",
  "主动创稳工作绩效考评细则",
  "涉稳风险隐患排查化解工作制度",
  "110非警务警情分流处置工作规定",
  "“包抓联”重点企业服务保障工作机制",
  "易引发命案矛盾纠纷预警处置工作流程",
  "社区民警驻村（社区）工作制度",
  "执法办案管理中心运行管理规定",
  "派出所综合指挥室建设运行规范",
  "重大活动安保工作预案",
  "电信网络诈骗预警劝阻工作机制",
  "涉稳舆情监测处置工作办法",
  "执法监督五级审核把关工作规定",
];

export function mechanismText(rng: Rng, action: string): { content: string; evaluation: string | null } {
  const content =
    action === "废止"
      ? "因上级出台新的规定，原制度相关内容已不适应工作需要，予以废止。"
      : `明确了${rng.sample(["工作目标", "职责分工", "工作流程", "信息共享", "考核奖惩", "督导问责", "保障措施"], 3).join("、")}等内容，共${rng.int(3, 8)}章${rng.int(15, 45)}条。`;
  return { content, evaluation: rng.chance(0.6) ? rng.pick(["运行良好，工作效率明显提升。", "经评估，制度执行到位，成效明显。", "运行中发现部分条款需细化，拟适时修订。"]) : null };
}

export const BRIGADES = ["治安大队", "刑侦大队", "国保大队", "网安大队", "交警大队", "禁毒大队", "情报指挥中心"];

export { personName };
