// 创稳工作台账: stability events — occurrence, scale, nature, handling and outcome.
import type { LedgerConfig } from "../types";
import { opts } from "./shared";

export const stability: LedgerConfig = {
  key: "stability",
  title: "创稳工作台账",
  kind: "台账",
  description: "涉稳事件的发生、规模、性质、处置与结果。",
  model: "stabilityEvent",
  table: "stability_events",
  codePrefix: "CW",
  dateField: "occurredAt",
  titleField: "title",
  fields: [
    { key: "title", label: "事件名称", type: "text", required: true, max: 200, list: true, search: true, wide: true },
    { key: "occurredAt", label: "发生时间", type: "datetime", required: true, list: true, filter: true },
    { key: "place", label: "发生地点", type: "text", required: true, max: 200, list: true, search: true },
    { key: "scale", label: "涉及人数", type: "int", min: 0, max: 1_000_000, list: true },
    { key: "nature", label: "事件性质", type: "enum", required: true, options: opts("群体性事件", "个人极端", "涉稳舆情", "重大活动安保", "重点人员动向", "其他"), list: true, filter: true },
    { key: "grade", label: "事件等级", type: "enum", required: true, options: opts("一般", "较大", "重大", "特别重大"), list: true, filter: true },
    { key: "status", label: "处置状态", type: "enum", required: true, options: opts("处置中", "已处置", "持续关注"), list: true, filter: true },
    { key: "handling", label: "处置措施", type: "longtext", max: 4000, wide: true },
    { key: "outcome", label: "处置结果", type: "longtext", max: 2000, wide: true },
  ],
};
