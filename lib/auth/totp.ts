// Second factor: TOTP (RFC 6238: SHA-1, 6 digits, 30 s — what every authenticator app speaks) and one-time
// recovery codes. The key is stored sealed (secret-box.ts); a code is accepted once (the last used time step is
// kept), within one step of clock drift.
import { createHash, randomInt } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import { open, seal } from "@/lib/security/secret-box";

export const TOTP_ISSUER = "平安甘肃";
const PERIOD = 30;
const context = (userId: number) => `totp:${userId}`;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(base32: string, username: string): TOTP {
  return new TOTP({ issuer: TOTP_ISSUER, label: username, algorithm: "SHA1", digits: 6, period: PERIOD, secret: Secret.fromBase32(base32) });
}

export function sealTotpSecret(userId: number, base32: string): string {
  return seal(base32, context(userId));
}

export function openTotpSecret(userId: number, sealed: string | null | undefined): string | null {
  return sealed ? open(sealed, context(userId)) : null;
}

/** The otpauth:// URI and its QR code as an inline SVG drawn on the server (no external service). */
export async function totpEnrolment(base32: string, username: string): Promise<{ uri: string; svg: string }> {
  const uri = totp(base32, username).toString();
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 1, width: 220 });
  return { uri, svg };
}

/** The time step of a valid code (for replay protection), or null. Codes of a step already used are refused. */
export function checkTotp(base32: string, code: string, lastStep: number | null, now = Date.now()): number | null {
  const token = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(base32, "x").validate({ token, timestamp: now, window: 1 });
  if (delta === null) return null;
  const step = Math.floor(now / 1000 / PERIOD) + delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}

/** The current code (tests and the enrolment self-check only). */
export function currentTotp(base32: string, now = Date.now()): string {
  return totp(base32, "x").generate({ timestamp: now });
}

// ---- recovery codes: 10 codes of 10 characters from an unambiguous alphabet (≈ 50 bits each)

const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const RECOVERY_CODE_COUNT = 10;

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
}

export function normaliseRecoveryCode(code: string): string | null {
  const c = code.toUpperCase().replace(/[\s-]/g, "");
  return /^[23456789A-HJKMNP-Z]{10}$/.test(c) ? c : null;
}

/** Recovery codes are random (not chosen by people), so a salted SHA-256 is enough to store them. */
export function hashRecoveryCode(userId: number, code: string): string {
  const c = normaliseRecoveryCode(code) ?? code;
  return createHash("sha256").update(`recovery:${userId}:${c}`).digest("hex");
}
