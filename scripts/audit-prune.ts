// npm run audit:prune — deletes audit rows older than the retention the 安全管理员 set (never less than 184 days).
// The database function audit_prune writes the audit.prune row first (it is part of the chain), so the deletion
// is itself audited and verification knows where the chain now starts. Run it from cron, e.g. monthly.
import { pruneAudit, verifyAuditChain } from "../lib/audit/chain";
import { createPrismaClient } from "../lib/db/client";
import { resolveDatabase } from "../lib/db/runtime";
import { getSecurityPolicy } from "../lib/security/policy";

async function main() {
  const db = await resolveDatabase();
  const prisma = createPrismaClient(db.url, { max: 2 });
  try {
    const before = await verifyAuditChain(prisma);
    if (!before.ok) throw new Error(`审计链已被破坏，拒绝清理（先保全证据）：${before.problem!.message}`);
    const policy = await getSecurityPolicy(prisma);
    const r = await pruneAudit(prisma, policy.audit.retentionDays, `system:audit-prune@${process.env.USER ?? "?"}`);
    if (!r.deleted) console.log(`没有早于保存期（${policy.audit.retentionDays} 天）的审计记录，未删除任何记录。`);
    else console.log(`已删除早于保存期（${policy.audit.retentionDays} 天）的审计记录 ${r.deleted} 条；链条现从序号 ${r.keptFromSeq} 开始。`);
    const after = await verifyAuditChain(prisma);
    console.log(after.ok ? "✓ 清理后审计链完整" : `✗ 清理后审计链校验失败：${after.problem!.message}`);
    if (!after.ok) process.exitCode = 1;
  } finally {
    await prisma.$disconnect();
    await db.stop();
  }
}

main().catch((e) => {
  console.error(`审计清理失败：${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
