import { inScope } from "@/lib/auth/scope";
import { getDb } from "@/lib/db";
import { attachmentDisposition } from "@/lib/files/evidence";
import { notFoundResponse, routeDenied, routeUser } from "@/lib/http/route-auth";

export const dynamic = "force-dynamic";

/** Evidence files are always downloads (never rendered inline), with the type sniffed at upload. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await routeUser("task:read", "attachment.download");
  if (user instanceof Response) return user;
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647) return notFoundResponse();
  const file = await getDb().attachment.findUnique({ where: { id } });
  if (!file || !inScope(user, file.unitPath)) {
    if (file) await routeDenied(user, "attachment.download", "超出管辖范围", String(id));
    return notFoundResponse();
  }
  return new Response(Buffer.from(file.data), {
    headers: {
      "content-type": file.mime,
      "content-length": String(file.size),
      "content-disposition": attachmentDisposition(file.filename),
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
      "cache-control": "private, no-store",
    },
  });
}
