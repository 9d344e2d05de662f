/**
 * argon2id password hashing (@node-rs/argon2) with parameters from config, re-hash detection, and a dummy
 * hash so a login for an unknown user costs the same as one for a known user.
 */
import { createRequire } from 'node:module';
import type { Ids } from '../core/deps.js';

// The native addon loads on the first hash or check, not at start-up (~35 ms that `code-engine mcp` does not need
// before answering `initialize`, issue #6).
const require = createRequire(import.meta.url);
const argon2 = () => require('@node-rs/argon2') as typeof import('@node-rs/argon2');

/** argon2id cost parameters (auth.argon2). */
export interface Argon2Params {
  memoryCostKiB: number;
  timeCost: number;
  parallelism: number;
}

/** Hash, verify and upgrade passwords. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Constant-time verification inside argon2; false for a malformed hash. */
  verify(hashed: string, password: string): Promise<boolean>;
  /** Verify against a dummy hash with the current parameters: same cost, always false. */
  burn(password: string): Promise<false>;
  /** True when `hashed` was made with other parameters (or another algorithm) and should be re-hashed. */
  needsRehash(hashed: string): boolean;
}

// Algorithm.Argon2id and Version.V0x13 of @node-rs/argon2 (const enums cannot be imported under isolatedModules).
const ARGON2ID = 2;
const V0X13 = 1;

/** A hasher with the given parameters; salts come from `ids.bytes` (16 bytes). */
export function createPasswordHasher(params: Argon2Params, ids: Ids): PasswordHasher {
  const options = {
    memoryCost: params.memoryCostKiB,
    timeCost: params.timeCost,
    parallelism: params.parallelism,
    outputLen: 32,
    algorithm: ARGON2ID,
    version: V0X13,
  };
  let dummy: Promise<string> | undefined;
  const hashOne = (password: string) => argon2().hash(password, { ...options, salt: ids.bytes(16) });
  const verifyOne = async (hashed: string, password: string) => {
    // Outside the try: an addon that fails to load is a server error for every login, never "invalid credentials"
    // for known users only (which would tell them apart from unknown ones).
    const lib = argon2();
    try {
      return await lib.verify(hashed, password);
    } catch {
      return false;
    }
  };
  return {
    hash: hashOne,
    verify: verifyOne,
    async burn(password) {
      dummy ??= hashOne(ids.bytes(24).toString('base64url'));
      await verifyOne(await dummy, password);
      return false;
    },
    needsRehash(hashed) {
      const lib = argon2();
      try {
        const p = lib.parseOptions(hashed);
        return (
          (p.algorithm as number) !== ARGON2ID ||
          p.memoryCost !== params.memoryCostKiB ||
          p.timeCost !== params.timeCost ||
          p.parallelism !== params.parallelism
        );
      } catch {
        return true;
      }
    },
  };
}
