// Helpers for end-to-end tests: the real `brigade` CLI as a child process, in temp folders, with a clean env.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'src', 'cli', 'main.ts');

/** What a finished `brigade` process left behind. */
export interface BrigadeResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A running `brigade` process. */
export interface BrigadeChild {
  process: ChildProcess;
  /** Resolves when the process has exited and its output is read. */
  done: Promise<BrigadeResult>;
  stdout(): string;
  stderr(): string;
}

/** Options of one `brigade` process: where it runs and which variables it gets on top of PATH, HOME, NO_COLOR. */
export interface BrigadeOptions {
  cwd: string;
  env?: Record<string, string>;
}

/** Starts `node src/cli/main.ts …args` with only PATH, HOME and NO_COLOR from this process's env. */
export function spawnBrigade(args: string[], options: BrigadeOptions): BrigadeChild {
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const done = new Promise<BrigadeResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { process: child, done, stdout: () => stdout, stderr: () => stderr };
}

/** Runs `brigade …args` to its end. */
export function runBrigade(args: string[], options: BrigadeOptions): Promise<BrigadeResult> {
  return spawnBrigade(args, options).done;
}

/** Parses stdout as JSON, with the whole output in the message when it is not JSON. */
export function parseJson<T>(result: BrigadeResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${result.code}):\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
}

/** Temp folders that `removeAll` deletes. */
export function createTempDirs(prefix: string) {
  const dirs: string[] = [];
  return {
    create(): string {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(dir);
      return dir;
    },
    removeAll(): void {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes files (path relative to `dir` → content), creating folders as needed. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

/** A human-readable failure message for an unexpected exit code. */
export function describeResult(result: BrigadeResult): string {
  return `exit ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
}
