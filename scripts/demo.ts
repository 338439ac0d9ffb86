// `npm start`: Brigade's main job end to end. Creates the sample marketing workspace (once, in .demo/),
// starts the web app and API on it (`brigade serve`), prints the address and the token, and starts the
// sample content-launch run so there is something live to watch. The run waits in the Inbox for a
// person to approve the posts. Without an API key every model is simulated, and the run says so.
//
//   npm start                      serve until Ctrl-C
//   npm start -- --port 4871       another port (default 4870; 0 = any free port)
//   npm start -- --approve-and-exit   plays the person through the API, prints the result, exits (CI)
//   npm start -- --sim-latency 200-500   how long each simulated model call takes (default 1500-4000 ms,
//                                  slow enough to watch the agents work side by side; with
//                                  --approve-and-exit, the workspace's own setting)
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { main } from '../src/cli/main.ts';
import { parseLatency } from '../src/cli/parse-latency.ts';
import { color } from '../src/cli/render/format.ts';
import { openRuntime } from '../src/runtime/open-runtime.ts';
import { createApiClient } from '../src/server/client/create-api-client.ts';
import { startServer } from '../src/server/start-server.ts';

const root = resolve(import.meta.dirname, '..');
// BRIGADE_DEMO_WORKSPACE: another folder (the tests use a temporary one).
const workspace = resolve(root, process.env.BRIGADE_DEMO_WORKSPACE ?? '.demo');
const shownWorkspace = relative(process.cwd(), workspace) || '.';
const tty = Boolean(process.stdout.isTTY);
const colors = color(tty && !process.env.NO_COLOR);
const say = (line = '') => process.stdout.write(`${line}\n`);

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.BRIGADE_PORT ?? '4870' },
    'approve-and-exit': { type: 'boolean', default: false },
    'sim-latency': { type: 'string' },
  },
});
const once = values['approve-and-exit'];

if (!existsSync(resolve(workspace, 'brigade.yaml'))) {
  const code = await main(['init', workspace], {
    cwd: root,
    env: process.env,
    stdout: () => {},
    stderr: (text) => process.stderr.write(text),
    tty: false,
    columns: 100,
    rows: 40,
    colors,
    onInterrupt: () => () => {},
  });
  if (code !== 0) process.exit(code);
  say(`Created the sample workspace in ${shownWorkspace}/ (its agents/ and playbooks/ are plain YAML files).`);
}

// Simulated calls are slowed down for watching (a real provider's calls take seconds too).
const latency = values['sim-latency'] ?? (once ? undefined : '1500-4000');
const runtime = await openRuntime({
  cwd: workspace,
  env: process.env,
  ...(latency ? { simulatorLatencyMs: parseLatency(latency) } : {}),
});
const port = Number(values.port);
const server = await startServer(runtime, {
  port,
  host: '127.0.0.1',
  log: (line) => process.stderr.write(`${line}\n`),
}).catch((error: NodeJS.ErrnoException) => {
  if (error.code !== 'EADDRINUSE') throw error;
  say(colors.yellow(`port ${port} is taken; using a free one (or: npm start -- --port <n>)`));
  return startServer(runtime, { port: 0, host: '127.0.0.1' });
});
const token = server.token.token;
const api = createApiClient({ baseUrl: server.url, token });

const { runId } = await api.startRun({ playbook: 'content-launch' });
const keyed = (await api.workspace()).providers.some((provider) => provider.keySet && provider.apiKeyEnv);

say();
say(`${colors.green('✓')} ${colors.bold('Brigade is running')} on the sample workspace (${shownWorkspace}/)`);
say();
say(`  Open the app:  ${colors.bold(`${server.url}/runs/${runId}#token=${token}`)}`);
say(`  Address:       ${server.url}`);
say(`  API token:     ${token}   (also in ${shownWorkspace}/.brigade/api-token)`);
say();
say(`  The sample run ${colors.bold(runId)} (content-launch) is live: agents research in parallel and share findings,`);
say(
  `  then draft, fact-check and write one version per audience; it waits in the ${colors.bold('Inbox')} for your approval.`,
);
if (!keyed) say(colors.dim('  No model API key is set, so every model is simulated (no cost). Settings → Providers.'));
if (server.recovered.length > 0) {
  say(
    `  Taken up again: ${server.recovered.length} run(s) an earlier start left going (${server.recovered.join(', ')}).`,
  );
}
say(colors.dim('  Ctrl-C stops the server; runs keep their state and go on at the next start.'));
say();

/** Tells in the terminal what a person should know: a decision waits, a step failed, the run ended. */
async function follow(): Promise<string> {
  let approved = false;
  for await (const message of api.events(runId)) {
    if (message.kind !== 'event') continue;
    const event = message.event;
    if (event.type === 'approval-request') {
      say(`${colors.yellow('●')} ${event.step} waits for a person: approve it in the Inbox (${server.url}/inbox)`);
      if (once && !approved) {
        approved = true;
        say(`  --approve-and-exit: approving ${event.step} as the demo`);
        await api.decide(runId, event.request.id, { decision: 'approve', comment: 'approved by npm start' });
      }
    }
    if (event.type === 'step-error' && event.decision === 'fail')
      say(`${colors.red('✗')} ${event.step}: ${event.error.message}`);
    if (event.type === 'run-end') {
      const mark = event.status === 'succeeded' ? colors.green('✓') : colors.red('✗');
      say(`${mark} run ${runId} ${event.status}: ${server.url}/runs/${runId}`);
      return event.status;
    }
  }
  return 'unknown';
}

if (once) {
  const status = await follow();
  const { state } = await api.getRun(runId);
  const output = (state as { output?: { summary?: string } }).output;
  if (output?.summary) say(`\n${colors.bold('Launch kit')}: ${output.summary}\n`);
  process.exitCode = status === 'succeeded' ? 0 : 1;
} else {
  let stopping = false;
  follow().catch((error: unknown) => {
    if (!stopping) say(colors.red(`stopped following the run: ${String(error)}`));
  });
  await new Promise<void>((done) => process.once('SIGINT', () => done()));
  stopping = true;
  say('stopping… (the run keeps its state and goes on at the next start)');
}
await server.close();
if (once) await server.owned.settled();
await runtime.close();
// A run left waiting for a person still has a poll timer; it is taken up again at the next start.
process.exit();
