// npm run audit:verify — walks the audit chain and names the first altered, inserted or missing row.
//   npm run audit:verify [-- --expect <seq>:<hash>]   also checks a head recorded earlier outside the system
// Exit code 0: intact; 1: broken (or the recorded head does not match).
import { verifyAuditChain } from "../lib/audit/chain";
import { createPrismaClient } from "../lib/db/client";
import { resolveDatabase } from "../lib/db/runtime";

async function main() {
  const i = process.argv.indexOf("--expect");
  const expect = i >= 0 ? process.argv[i + 1] : undefined;
  if (expect !== undefined && !/^\d+:[0-9a-f]{64}$/.test(expect)) throw new Error("--expect 的格式为 <序号>:<64 位十六进制哈希>");
  const db = await resolveDatabase();
  const prisma = createPrismaClient(db.url, { max: 2 });
  try {
    const s = await verifyAuditChain(prisma, { onProgress: (n) => process.stderr.write(`\r已校验 ${n.toLocaleString("zh-CN")} 条…`) });
    process.stderr.write("\r");
    console.log(`审计链：${s.rows.toLocaleString("zh-CN")} 条记录，序号 ${s.firstSeq ?? "—"} 至 ${s.headSeq ?? "—"}${s.prunedThrough ? `（序号 ${s.prunedThrough} 及以前已按保存期清理）` : ""}，用时 ${s.ms} ms`);
    if (!s.ok) {
      console.error(`✗ 审计链被破坏：${s.problem!.message}`);
      process.exitCode = 1;
      return;
    }
    console.log(`✓ 完整。链头：${s.headSeq}:${s.headHash}`);
    console.log("  请把链头记入本系统以外的台账（纸质或另一系统），下次用 --expect 核对。");
    if (expect) {
      const [seq, hash] = expect.split(":");
      const row = await prisma.auditLog.findUnique({ where: { seq: BigInt(seq) }, select: { hash: true } });
      if (!row) {
        console.error(`✗ 先前记录的链头（序号 ${seq}）已不在审计日志中`);
        process.exitCode = 1;
      } else if (row.hash !== hash) {
        console.error(`✗ 序号 ${seq} 的哈希与先前记录的不符：整条链在它之前被重算过`);
        process.exitCode = 1;
      } else console.log(`✓ 与先前记录的链头（序号 ${seq}）一致`);
    }
  } finally {
    await prisma.$disconnect();
    await db.stop();
  }
}

main().catch((e) => {
  console.error(`审计链校验失败：${e instanceof Error ? e.message : e}`);
  process.exit(2);
});
