import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The API token of a workspace: its value, where it is kept, and whether this start created it. */
export interface ApiToken {
  token: string;
  path: string;
  created: boolean;
}

/**
 * Reads `.brigade/api-token`, or creates it (32 random bytes, base64url) with mode 0600 in a 0700
 * folder: only this user may read it.
 */
export function ensureApiToken(stateDir: string): ApiToken {
  const path = join(stateDir, 'api-token');
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  chmodSync(stateDir, 0o700);
  try {
    const token = readFileSync(path, 'utf8').trim();
    if (token.length >= 32) {
      chmodSync(path, 0o600);
      return { token, path, created: false };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = randomBytes(32).toString('base64url');
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return { token, path, created: true };
}

/** Compares a presented token with the real one in constant time (digests first, so lengths leak nothing). */
export function tokensMatch(presented: string, token: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}
