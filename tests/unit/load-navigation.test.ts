// The load generator (bench/load.ts) navigates as the browser does: these are the headers and `_rsc` values a real
// Chromium sent on this app (captured with Playwright on 2026-12-05), so the server does the same work for the
// generator as for a person clicking through the pages.
import { describe, expect, it } from "vitest";
import { actionHeaders, navigationRequest, refreshRequest, stateTree } from "@/bench/navigation";

const captured: [from: string, to: string, tree: string, rsc: string][] = [
  ["/", "/tasks", '["",{"children":["(app)",{"children":["tasks",{"children":["__PAGE__",{},null,null,0]},null,"refetch",0]},null,null,0]},null,null,16]', "HLhduqIS4vaR7B4N"],
  ["/tasks", "/tasks/11321", '["",{"children":["(app)",{"children":["tasks",{"children":[["id","11321","d",null],{"children":["__PAGE__",{},null,null,0]},null,"refetch",0]},null,null,0]},null,null,0]},null,null,16]', "17uaB8vOeMs2-SEV"],
  ["/tasks/11321", "/", '["",{"children":["(app)",{"children":["__PAGE__",{},null,"refetch",0]},null,null,0]},null,null,16]', "uxMKEWy0hgtmlM6_"],
  ["/tasks", "/tasks?status=open", '["",{"children":["(app)",{"children":["tasks",{"children":["__PAGE__",{},null,"refetch",0]},null,null,0]},null,null,0]},null,null,16]', "6O2iksh0aHublDla"],
  ["/cockpit", "/cockpit/62", '["",{"children":["(app)",{"children":["cockpit",{"children":[["code","62","d",null],{"children":["__PAGE__",{},null,null,0]},null,"refetch",0]},null,null,0]},null,null,0]},null,null,16]', "0Ax7qcPob9PFRCZ6"],
  ["/cockpit/62", "/cockpit/62?period=2026-11&plan=GSGA-ZDCW-2026", '["",{"children":["(app)",{"children":["cockpit",{"children":[["code","62","d",null],{"children":["__PAGE__",{},null,"refetch",0]},null,null,0]},null,null,0]},null,null,0]},null,null,16]', "ZrWaUdD9cPe1jp6S"],
  ["/cockpit/62?period=2026-11&plan=GSGA-ZDCW-2026", "/cockpit/6201?period=2026-11&kpi=plan.completion", '["",{"children":["(app)",{"children":["cockpit",{"children":[["code","6201","d",null],{"children":["__PAGE__",{},null,null,0]},null,"refetch",0]},null,null,0]},null,null,0]},null,null,16]', "J3vtWkYa8PjSBPHr"],
];

describe("client-side navigation as Chromium sends it", () => {
  it.each(captured)("%s → %s", async (from, to, tree, rsc) => {
    expect(JSON.stringify(stateTree(to, from))).toBe(tree);
    const req = await navigationRequest(to, from);
    expect(req.url).toBe(`${to}${to.includes("?") ? "&" : "?"}_rsc=${rsc}`);
    expect(decodeURIComponent(req.headers["next-router-state-tree"])).toBe(tree);
    expect(req.headers["next-url"]).toBe(new URL(from, "http://x").pathname);
    expect(req.headers.rsc).toBe("1");
  });

  it("a server action and router.refresh() on a record page", async () => {
    const record = '["",{"children":["(app)",{"children":["ledgers",{"children":[["key","disputes","d",null],{"children":[["id","162165","d",null],{"children":["__PAGE__",{},null,null,0]},null,null,0]},null,null,0]},null,null,0]},null,null,0]},null,null,16]';
    expect(decodeURIComponent(actionHeaders("/ledgers/disputes/162165")["next-router-state-tree"])).toBe(record);
    const refresh = await refreshRequest("/ledgers/disputes/162165");
    expect(decodeURIComponent(refresh.headers["next-router-state-tree"])).toBe(record.replace(/null,16\]$/, '"refetch",16]'));
    expect(refresh.url).toBe("/ledgers/disputes/162165?_rsc=EX1sTzAKuIpo97xj");
    expect(refresh.headers["next-url"]).toBeUndefined();
  });

  it("ledger records: [key] and [id], but new and import are plain segments", () => {
    expect(JSON.stringify(stateTree("/ledgers/disputes/5", "/ledgers/disputes"))).toContain('["id","5","d",null]');
    expect(JSON.stringify(stateTree("/ledgers/disputes/new", "/ledgers/disputes"))).toContain('"new",{"children"');
    expect(JSON.stringify(stateTree("/ledgers/disputes", "/"))).toContain('["ledgers",{"children":[["key","disputes","d",null],{"children":["__PAGE__",{},null,null,0]},null,null,0]},null,"refetch",0]');
  });
});
