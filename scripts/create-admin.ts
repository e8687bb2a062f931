// npm run admin:create -- --role SYSADMIN --username xitong01 --name 张三 [--unit 62]
// Creates one of the three administrators (系统管理员 / 安全管理员 / 审计管理员) on a production database, where no
// demo account exists: the first accounts of a new installation. Prints a one-time temporary password; the
// administrator must change it and enrol a second factor at the first login. Audited as a system action.
// Business users are created afterwards by the 系统管理员 in the browser, and stay 待激活 until a 安全管理员 activates
// them (two-person control, docs/security.md §五). This script is not that path: it runs on the server, by whoever
// installs the system, outside every role of the web application, and creates administrator accounts only.
import { z } from "zod";
import { writeAudit } from "../lib/audit/write";
import { hashPassword } from "../lib/auth/password";
import { generateTemporaryPassword } from "../lib/auth/password-policy";
import { ADMIN_ROLES, ROLE_LABELS, type RoleName } from "../lib/auth/permissions";
import { createPrismaClient } from "../lib/db/client";
import { resolveDatabase } from "../lib/db/runtime";
import { applyMigrations } from "../lib/db/schema-engine";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const ZArgs = z.object({
  role: z.enum(ADMIN_ROLES as [RoleName, ...RoleName[]], { error: `--role 须为 ${ADMIN_ROLES.join(" / ")}` }),
  username: z.string({ error: "缺少 --username" }).regex(/^[a-z][a-z0-9_]{2,31}$/, "--username 为 3–32 位小写字母、数字或下划线，以字母开头"),
  name: z.string({ error: "缺少 --name（姓名）" }).trim().min(2, "--name 至少 2 个字").max(30),
  unit: z.string().regex(/^\d{2,12}$/, "--unit 为单位代码").default("62"),
});

async function main() {
  const parsed = ZArgs.safeParse({ role: arg("role"), username: arg("username"), name: arg("name"), unit: arg("unit") });
  if (!parsed.success) throw new Error(`${parsed.error.issues.map((i) => i.message).join("；")}\n用法：npm run admin:create -- --role SYSADMIN --username xitong01 --name 张三 [--unit 62]`);
  const a = parsed.data;
  const db = await resolveDatabase();
  const prisma = createPrismaClient(db.url, { max: 2 });
  try {
    await applyMigrations(db.url);
    const unit = await prisma.unit.findUnique({ where: { code: a.unit }, select: { id: true, path: true, name: true } });
    if (!unit) throw new Error(`单位 ${a.unit} 不存在（先运行 npm run db:seed 载入组织机构）`);
    if (await prisma.user.findUnique({ where: { username: a.username }, select: { id: true } })) throw new Error(`用户名 ${a.username} 已存在`);
    const temporaryPassword = generateTemporaryPassword();
    const user = await prisma.$transaction(async (tx) => {
      const u = await tx.user.create({
        data: { username: a.username, name: a.name, unitId: unit.id, role: a.role, passwordHash: await hashPassword(temporaryPassword), mustChangePassword: true },
      });
      await writeAudit(tx, {
        actor: { userId: null, username: `system:admin-create@${process.env.USER ?? "?"}`, unitId: null, unitPath: null, role: null },
        action: "user.bootstrap",
        entity: "User",
        entityId: u.id,
        after: { username: u.username, name: u.name, role: u.role, unit: a.unit },
      });
      return u;
    });
    console.log(`已创建${ROLE_LABELS[a.role]} ${user.username}（${user.name}，${unit.name}）。`);
    console.log(`临时密码（只显示这一次，请当面交给本人）：${temporaryPassword}`);
    console.log("首次登录须修改密码并绑定动态口令。");
  } finally {
    await prisma.$disconnect();
    await db.stop();
  }
}

main().catch((e) => {
  console.error(`创建失败：${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
