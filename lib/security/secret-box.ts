// Encryption of secrets kept in the database (the TOTP keys): AES-256-GCM with a key derived (HKDF-SHA256) from
// DATA_ENCRYPTION_KEY, or from NEXTAUTH_SECRET when no separate key is configured. A database dump alone therefore
// does not reveal anyone's second factor (等保 数据保密性).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const VERSION = "v1";

function key(): Buffer {
  const master = process.env.DATA_ENCRYPTION_KEY?.trim() || process.env.NEXTAUTH_SECRET?.trim();
  if (!master || master.length < 32) throw new Error("未配置 DATA_ENCRYPTION_KEY 或 NEXTAUTH_SECRET（至少 32 个字符），无法加密敏感数据");
  return Buffer.from(hkdfSync("sha256", master, "pingan-secret-box", "aes-256-gcm v1", 32));
}

export function seal(plain: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(":");
}

/** The plain text, or null when the box was sealed for another context, with another key, or altered. */
export function open(sealed: string, context: string): string | null {
  const [version, iv, tag, body] = sealed.split(":");
  if (version !== VERSION || !iv || !tag || body === undefined) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
