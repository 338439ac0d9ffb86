import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** Provider keys a person stored through Brigade: encrypted in the workspace, the encryption key outside it. */
export interface SecretStore {
  /** Stored keys by provider name (decrypted; never to be sent anywhere but the provider). */
  read(): Promise<Record<string, string>>;
  /** Stores (or, with null, removes) the key of one provider. */
  write(provider: string, key: string | null): Promise<void>;
}

interface SecretsFile {
  version: 1;
  /** Provider name → base64 of iv (12 bytes) + auth tag (16 bytes) + ciphertext. */
  keys: Record<string, string>;
}

/**
 * The user's Brigade config folder: BRIGADE_CONFIG_DIR, else $XDG_CONFIG_HOME/brigade, else
 * ~/.config/brigade; read from the runtime's env so tests pass their own.
 */
export function configDirOf(env: Record<string, string | undefined>): string {
  if (env.BRIGADE_CONFIG_DIR) return env.BRIGADE_CONFIG_DIR;
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'brigade');
  return join(env.HOME || homedir(), '.config', 'brigade');
}

/**
 * Opens the secret store of a workspace: AES-256-GCM ciphertexts in `.brigade/secrets.json` (never
 * committed), the 32-byte key in `secret.key` (mode 0600) in the user's config folder, created on
 * first write, so a copied or committed workspace carries no usable secret.
 */
export function openSecretStore(root: string, env: Record<string, string | undefined>): SecretStore {
  const secretsPath = join(root, '.brigade', 'secrets.json');
  const keyPath = join(configDirOf(env), 'secret.key');

  async function readFileOrNull(path: string): Promise<Buffer | null> {
    try {
      return await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async function encryptionKey(create: boolean): Promise<Buffer | null> {
    const existing = await readFileOrNull(keyPath);
    if (existing && existing.length === 32) return existing;
    if (!create) return null;
    const key = randomBytes(32);
    await mkdir(dirname(keyPath), { recursive: true, mode: 0o700 });
    await writeFile(keyPath, key, { mode: 0o600 });
    await chmod(keyPath, 0o600);
    return key;
  }

  async function readFileData(): Promise<SecretsFile> {
    const text = await readFileOrNull(secretsPath);
    if (!text) return { version: 1, keys: {} };
    try {
      const parsed = JSON.parse(text.toString('utf8')) as Partial<SecretsFile>;
      return { version: 1, keys: parsed.keys && typeof parsed.keys === 'object' ? parsed.keys : {} };
    } catch {
      return { version: 1, keys: {} }; // a damaged file holds no usable key; the next write replaces it
    }
  }

  return {
    async read() {
      const data = await readFileData();
      if (Object.keys(data.keys).length === 0) return {};
      const key = await encryptionKey(false);
      // Without the key (another machine, another user) the stored keys are unreadable: treated as not set.
      if (!key) return {};
      const result: Record<string, string> = {};
      for (const [provider, sealed] of Object.entries(data.keys)) {
        const opened = decrypt(key, sealed);
        if (opened !== null) result[provider] = opened;
      }
      return result;
    },
    async write(provider, value) {
      const data = await readFileData();
      if (value === null) delete data.keys[provider];
      else data.keys[provider] = encrypt((await encryptionKey(true))!, value);
      await mkdir(dirname(secretsPath), { recursive: true });
      const temp = `${secretsPath}.${process.pid}.tmp`;
      await writeFile(temp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
      await rename(temp, secretsPath);
    },
  };
}

function encrypt(key: Buffer, text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

function decrypt(key: Buffer, sealed: string): string | null {
  try {
    const bytes = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null; // sealed with another key: not usable here
  }
}
