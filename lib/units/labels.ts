export const UNIT_LEVEL_LABELS: Record<string, string> = {
  PROVINCE: "省厅",
  CITY: "市州",
  COUNTY: "县区",
  STATION: "派出所",
  DEPARTMENT: "警种部门",
};

export const COUNTY_KIND_LABELS: Record<string, string> = {
  DISTRICT: "市辖区",
  COUNTY_CITY: "县级市",
  COUNTY: "县",
  AUTONOMOUS_COUNTY: "自治县",
  DEV_ZONE: "功能区",
};
