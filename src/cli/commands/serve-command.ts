import { parseArgs } from 'node:util';
import { startServer } from '../../server/start-server.ts';
import { BrigadeError } from '../../spec/index.ts';
import type { CliContext } from '../cli-context.ts';
import { exitCodes } from '../exit-codes.ts';
import { openCliRuntime } from '../open-cli-runtime.ts';

/**
 * `brigade serve`: the web app and HTTP API on 127.0.0.1:4870 over this workspace, until Ctrl-C. Runs started
 * through it are executed here and wait for decisions; runs a dead process left behind are resumed.
 */
export async function serveCommand(args: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      port: { type: 'string', default: '4870' },
      host: { type: 'string', default: '127.0.0.1' },
      workspace: { type: 'string', short: 'w' },
    },
  });
  if (positionals.length > 0)
    throw new BrigadeError('USAGE', 'brigade serve takes no arguments', { hint: 'e.g. brigade serve --port 4870' });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new BrigadeError('USAGE', `--port "${values.port}" is not a port number`, { hint: 'e.g. --port 4870' });
  }
  const runtime = await openCliRuntime(values, context);
  const server = await startServer(runtime, { port, host: values.host, log: context.stderr });
  const { colors } = context;
  context.stdout(`${colors.green('✓')} Brigade on ${colors.bold(server.url)} (workspace ${runtime.root})\n`);
  if (server.token.created) {
    context.stdout(`  API token (shown once; also in ${server.token.path}):\n  ${server.token.token}\n`);
    context.stdout(`  Open the app (signs you in): ${server.url}/#token=${server.token.token}\n`);
  } else {
    context.stdout(`  Open the app: ${server.url} (sign in with the API token in ${server.token.path})\n`);
  }
  if (!['127.0.0.1', 'localhost', '::1'].includes(values.host)) {
    context.stderr(
      colors.yellow(`⚠ bound to ${values.host}: other machines can reach it (the token still guards it)\n`),
    );
  }
  if (server.recovered.length > 0) {
    context.stderr(
      colors.yellow(`↻ resumed ${server.recovered.length} interrupted run(s): ${server.recovered.join(', ')}\n`),
    );
  }
  await new Promise<void>((resolve) => {
    const remove = context.onInterrupt(() => {
      remove();
      resolve();
    });
  });
  context.stderr('stopping…\n');
  await server.close();
  await runtime.close();
  return exitCodes.ok;
}
