import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { configDirOf, openSecretStore } from './open-secret-store.ts';

describe('openSecretStore', () => {
  it('keeps keys encrypted in the workspace and the key that opens them outside it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'brigade-secrets-'));
    const config = mkdtempSync(join(tmpdir(), 'brigade-config-'));
    const other = mkdtempSync(join(tmpdir(), 'brigade-config-'));
    try {
      const store = openSecretStore(root, { BRIGADE_CONFIG_DIR: config });
      await store.write('openai', 'sk-plain-0123456789');
      await store.write('anthropic', 'sk-ant-0123456789');
      assert.deepEqual(await store.read(), { openai: 'sk-plain-0123456789', anthropic: 'sk-ant-0123456789' });
      const file = readFileSync(join(root, '.brigade', 'secrets.json'), 'utf8');
      assert.ok(!file.includes('sk-plain') && !file.includes('0123456789'));
      assert.equal(statSync(join(config, 'secret.key')).mode & 0o777, 0o600);
      assert.equal(statSync(join(config, 'secret.key')).size, 32);
      // Another user (another config folder) cannot open them: the keys read as not set.
      assert.deepEqual(await openSecretStore(root, { BRIGADE_CONFIG_DIR: other }).read(), {});
      await store.write('openai', null);
      assert.deepEqual(await store.read(), { anthropic: 'sk-ant-0123456789' });
    } finally {
      for (const dir of [root, config, other]) rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a damaged secrets file as no keys, and a write replaces it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'brigade-secrets-'));
    const config = mkdtempSync(join(tmpdir(), 'brigade-config-'));
    try {
      const { mkdirSync, writeFileSync } = await import('node:fs');
      mkdirSync(join(root, '.brigade'));
      writeFileSync(join(root, '.brigade', 'secrets.json'), '{ not json');
      const store = openSecretStore(root, { BRIGADE_CONFIG_DIR: config });
      assert.deepEqual(await store.read(), {});
      await store.write('openai', 'sk-new-0123456789');
      assert.deepEqual(await store.read(), { openai: 'sk-new-0123456789' });
    } finally {
      for (const dir of [root, config]) rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds the config folder from the env: BRIGADE_CONFIG_DIR, XDG_CONFIG_HOME, HOME', () => {
    assert.equal(configDirOf({ BRIGADE_CONFIG_DIR: '/a', XDG_CONFIG_HOME: '/b' }), '/a');
    assert.equal(configDirOf({ XDG_CONFIG_HOME: '/b', HOME: '/h' }), join('/b', 'brigade'));
    assert.equal(configDirOf({ HOME: '/h' }), join('/h', '.config', 'brigade'));
  });
});
