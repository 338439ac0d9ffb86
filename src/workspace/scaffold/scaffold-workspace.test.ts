import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { PlanStep, RouteStep, SynthesizeStep } from '../../spec/index.ts';
import { renderJsonSchemas } from '../json-schemas.ts';
import { loadWorkspace } from '../load-workspace.ts';
import { scaffoldWorkspace } from './scaffold-workspace.ts';

const toolNames = ['http_request', 'read_file', 'write_file'];
const providers = ['openai', 'anthropic', 'google', 'ollama', 'simulator'];
const temporary = () => mkdtemp(join(tmpdir(), 'brigade-init-'));

describe('scaffoldWorkspace', () => {
  it('writes a workspace that loads with zero issues', async () => {
    const dir = join(await temporary(), 'team');
    const written = await scaffoldWorkspace(dir);
    assert.ok(written.includes('brigade.yaml'));
    assert.ok(written.includes('.gitignore'));
    assert.ok(written.includes('playbooks/content-launch.yaml'));
    const result = await loadWorkspace(dir, { toolNames, modelProviders: providers });
    assert.deepEqual(result.ok ? [] : result.issues, []);
    assert.ok(result.ok);
    const { agents, playbooks, config } = result.workspace;
    assert.deepEqual(Object.keys(agents).sort(), [
      'campaign-planner',
      'competitor-analyst',
      'editor',
      'fact-checker',
      'lead-qualifier',
      'lead-router',
      'personalizer',
      'strategist',
      'trend-researcher',
      'writer',
    ]);
    assert.equal(config.model, 'openai:gpt-5-mini');
    assert.equal(config.concurrency, 8);
    assert.deepEqual(config.simulator, { latencyMs: [300, 900] });

    const launch = playbooks['content-launch']!;
    assert.deepEqual(launch.inputs.segments?.default, ['founders', 'marketers', 'agencies']);
    assert.equal(typeof launch.inputs.topic?.default, 'string');
    const needs = Object.fromEntries(Object.entries(launch.steps).map(([id, step]) => [id, step.needs]));
    assert.deepEqual(needs, {
      trends: [],
      competitors: [],
      angle: [],
      draft: ['trends', 'competitors', 'angle'],
      check: ['draft'],
      versions: ['draft', 'check'],
      review: ['versions'],
      'launch-kit': ['draft', 'check', 'review'],
    });
    assert.deepEqual(launch.steps.check?.onError, { action: 'escalate' });
    assert.equal(launch.steps.review?.kind, 'approval');
    assert.equal(launch.steps['launch-kit']?.kind, 'synthesize');
    assert.equal(launch.steps.check?.retry.attempts, 3);
    assert.equal(launch.steps.versions?.forEach?.items, '{{ inputs.segments }}');
    assert.equal((launch.steps['launch-kit'] as SynthesizeStep | undefined)?.agent.name, 'editor');
    assert.equal(launch.output, '{{ steps.launch-kit.output }}');

    const campaign = playbooks['campaign-plan']!;
    const planner = campaign.steps.campaign as PlanStep;
    assert.equal(planner.kind, 'plan');
    assert.deepEqual(
      planner.team.map((member) => member.name),
      ['trend-researcher', 'competitor-analyst', 'strategist', 'writer', 'personalizer'],
    );
    assert.equal(planner.maxRounds, 2);
    assert.equal(planner.approve, true);

    const lead = playbooks['lead-triage']!;
    const leadNeeds = Object.fromEntries(Object.entries(lead.steps).map(([id, step]) => [id, step.needs]));
    assert.deepEqual(leadNeeds, {
      qualify: [],
      personalize: [],
      signals: [],
      path: ['qualify', 'personalize', 'signals'],
      demo_invite: ['path'],
      partner_intro: ['path'],
      nurture_email: ['path'],
      handoff: ['demo_invite', 'partner_intro', 'nurture_email'],
    });
    const path = lead.steps.path as RouteStep;
    assert.equal(path.kind, 'route');
    assert.equal(path.agent.name, 'lead-router');
    assert.deepEqual(
      Object.entries(path.branches).map(([name, branch]) => [name, branch.steps]),
      [
        ['sales', ['demo_invite']],
        ['partnerships', ['partner_intro']],
        ['nurture', ['nurture_email']],
      ],
    );
    assert.deepEqual(lead.steps.nurture_email?.branch, { route: 'path', name: 'nurture' });
  });

  it('puts the schema modeline on every YAML file and writes current schemas', async () => {
    const dir = await temporary();
    const written = await scaffoldWorkspace(dir);
    for (const path of written.filter((file) => file.endsWith('.yaml'))) {
      const first = (await readFile(join(dir, path), 'utf8')).split('\n')[0];
      const schema =
        path === 'brigade.yaml'
          ? './schemas/brigade.schema.json'
          : path.startsWith('agents/')
            ? '../schemas/agent.schema.json'
            : '../schemas/playbook.schema.json';
      assert.equal(first, `# yaml-language-server: $schema=${schema}`, path);
    }
    for (const [name, text] of Object.entries(renderJsonSchemas())) {
      assert.equal(await readFile(join(dir, 'schemas', name), 'utf8'), text);
    }
    assert.match(await readFile(join(dir, '.gitignore'), 'utf8'), /^\.brigade\/$/m);
  });

  it('refuses to overwrite an existing brigade.yaml', async () => {
    const dir = await temporary();
    await writeFile(join(dir, 'brigade.yaml'), 'model: mine:model\n');
    await assert.rejects(scaffoldWorkspace(dir), (error: Error & { code?: string; hint?: string }) => {
      assert.equal(error.code, 'USAGE');
      assert.match(error.message, /already has a brigade\.yaml; refusing to overwrite it/);
      assert.ok(error.hint);
      return true;
    });
    assert.equal(await readFile(join(dir, 'brigade.yaml'), 'utf8'), 'model: mine:model\n');
  });

  it('refuses to overwrite other files, before writing anything', async () => {
    const dir = await temporary();
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dir, 'agents'));
    await writeFile(join(dir, 'agents', 'writer.yaml'), 'mine\n');
    await assert.rejects(scaffoldWorkspace(dir), /already has agents\/writer\.yaml; refusing to overwrite/);
    await assert.rejects(readFile(join(dir, 'brigade.yaml')), { code: 'ENOENT' });
  });

  it('keeps an existing README and adds .brigade/ to an existing .gitignore once', async () => {
    const dir = await temporary();
    await writeFile(join(dir, 'README.md'), '# Mine\n');
    await writeFile(join(dir, '.gitignore'), 'node_modules/');
    const written = await scaffoldWorkspace(dir);
    assert.ok(!written.includes('README.md'));
    assert.equal(await readFile(join(dir, 'README.md'), 'utf8'), '# Mine\n');
    assert.equal(await readFile(join(dir, '.gitignore'), 'utf8'), 'node_modules/\n.brigade/\n');
  });
});
