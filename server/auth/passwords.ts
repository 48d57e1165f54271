import { hash, verify } from '@node-rs/argon2';

/** argon2id with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane). */
const OPTIONS = {
  // Algorithm.Argon2id: the package exports it as a const enum, which isolatedModules cannot inline.
  algorithm: 2,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash never signs anyone in
  }
}

let dummyHash: Promise<string> | null = null;

/** Spends the time a real verification takes, so an unknown email is not told apart by timing. */
export async function verifyNobody(password: string): Promise<false> {
  dummyHash ??= hashPassword('accord-timing-equaliser');
  await verifyPassword(await dummyHash, password);
  return false;
}
