// Password hashing: argon2id (OWASP parameters: 19 MiB, 2 passes, 1 lane) via @node-rs/argon2, which ships its
// native binary inside the npm package (installs offline).
import { hash, verify } from "@node-rs/argon2";

// algorithm 2 = Argon2id (the package exports it as an ambient const enum)
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A valid hash of a random secret: verified against when the user does not exist, so that timing is the same. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(`dummy-${Math.random()}`);
  return dummy;
}
