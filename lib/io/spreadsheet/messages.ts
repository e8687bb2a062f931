// Every message the spreadsheet reader shows to the user (Chinese, shown as is).
/** "4 万个", "200 个" (with the measure word that follows) */
const count = (n: number, unit: string) => (n >= 10_000 && n % 10_000 === 0 ? `${n / 10_000} 万${unit}` : `${n} ${unit}`);
const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

export const MSG = {
  noData: "文件中没有数据行",
  xls: "不支持 .xls 格式，请另存为 .xlsx 或 CSV 后再导入",
  encrypted: "无法读取：文件可能设置了打开密码，或实为旧版 .xls 文件。请取消密码并另存为 .xlsx 或 CSV 后再导入",
  oleOther: "不支持该文件格式（旧版 Office 二进制文件），请另存为 .xlsx 或 CSV 后再导入",
  ods: "不支持 .ods 格式，请另存为 .xlsx 或 CSV 后再导入",
  badXlsx: "文件不是有效的 .xlsx 工作簿（可能已损坏或扩展名不符），请用 Excel 打开后重新保存为 .xlsx 再导入",
  unreadableXlsx: "无法读取该 .xlsx 文件，文件可能已损坏。请用 Excel 打开后重新保存再导入",
  zipEncrypted: "文件已加密，请取消密码后再导入",
  html: "文件是网页（HTML/XML）格式，不是真正的表格文件。请用 Excel 打开后另存为 .xlsx 或 CSV 再导入",
  utf16: "文件为 UTF-16（Unicode 文本）编码，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入",
  unknownFormat: "无法识别的文件格式，请上传 .xlsx 或 CSV 文件",
  unknownEncoding: "无法识别文件的字符编码，请另存为“CSV UTF-8（逗号分隔）”后再导入",
  noSheet: "工作簿中没有工作表",
  tooManyRows: (max: number) => `数据行超过上限 ${max} 行`,
  tooManyCells: (max: number) => `单元格超过 ${count(max, "个")}上限，请拆分文件后分批导入`,
  tooManyColumns: (max: number) => `表头超过 ${max} 列上限`,
  tooManySharedStrings: (max: number) => `工作簿中的文本超过 ${count(max, "条")}上限，请拆分文件后分批导入`,
  overlong: "文件中有超过 100 万个字符的连续文本或标签（Excel 单元格最多 32,767 个字符），文件已损坏或被恶意构造",
  partTooLarge: (name: string, max: number) => `文件中的部件「${name}」解压后超过 ${mb(max)} 上限`,
};
