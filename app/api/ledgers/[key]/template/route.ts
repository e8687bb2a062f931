import { attachmentDisposition } from "@/lib/files/evidence";
import { notFoundResponse, routeUser } from "@/lib/http/route-auth";
import { xlsxWebStream } from "@/lib/io/write-spreadsheet";
import { ledgerConfig } from "@/lib/ledgers/configs";
import { importHeaders } from "@/lib/ledgers/schema";

export const dynamic = "force-dynamic";

/** The import template: the columns in order, required ones marked in a note row, and the allowed values. */
export async function GET(_req: Request, { params }: { params: Promise<{ key: string }> }) {
  const user = await routeUser("ledger:import", "ledger.template");
  if (user instanceof Response) return user;
  const config = ledgerConfig((await params).key);
  if (!config) return notFoundResponse();
  const headers = importHeaders(config);
  const notes = headers.map((h) => {
    if (h === "所属单位") return "可填单位代码或名称；不填为导入时选择的单位";
    const f = config.fields.find((x) => x.label === h)!;
    const req = f.required ? "必填。" : "";
    if (f.type === "enum") return `${req}可填：${f.options!.map((o) => o.label).join("/")}`;
    if (f.type === "bool") return `${req}是/否`;
    if (f.type === "date") return `${req}日期 YYYY-MM-DD`;
    if (f.type === "datetime") return `${req}北京时间 YYYY-MM-DD HH:mm`;
    if (f.type === "links") return `${req}编号，多个用逗号分隔`;
    if (f.type === "int") return `${req}整数`;
    return req || "选填";
  });
  const body = xlsxWebStream([
    { name: "导入模板", columns: headers.map((h) => ({ header: h, width: Math.max(14, h.length * 2 + 4) })), rows: [] },
    { name: "填写说明", columns: [{ header: "列", width: 18 }, { header: "说明", width: 80 }], rows: headers.map((h, i) => [h, notes[i]]) },
  ]);
  return new Response(body, {
    headers: {
      "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "content-disposition": attachmentDisposition(`${config.title}_导入模板.xlsx`),
      "cache-control": "no-store",
    },
  });
}
