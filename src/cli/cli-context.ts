import type { Colors } from './render/format.ts';

/** What every command gets: where it runs, the environment, and where to write. */
export interface CliContext {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (live progress) and how wide it is. */
  tty: boolean;
  columns: number;
  rows: number;
  colors: Colors;
  /** Registers a handler for Ctrl-C; returns the function that removes it. */
  onInterrupt(handler: () => void): () => void;
}
