import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ANTHROPIC_FAKE_KEY, startAnthropicFake } from '../../test/fakes/anthropic.js';
import type { FakeServer } from '../../test/fakes/llm-server.js';
import { OPENAI_FAKE_KEY, startOpenAiFake } from '../../test/fakes/openai.js';
import { expertsCommands } from '../adapters/cli/experts.js';
import type { CliOutput } from '../adapters/cli/output.js';
import { buildProgram, CliExit } from '../adapters/cli/program.js';
import { AGREEING } from '../experts/consensus/fixtures.test-data.js';
import { createCliHandlers, type ProcessInfo } from './cli-handlers.js';
import { createExpertsCliHandlers } from './experts-cli.js';

let dataDir: string;
let openai: FakeServer;
let anthropic: FakeServer;
beforeAll(async () => {
  openai = await startOpenAiFake({ answer: () => AGREEING[0] as string, models: ['gpt-test'] });
  anthropic = await startAnthropicFake({ answer: () => AGREEING[1] as string, models: ['claude-test'] });
});
afterAll(async () => {
  await openai.close();
  await anthropic.close();
});
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ce-experts-cli-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const proc = (): ProcessInfo => ({ env: {}, cwd: dataDir, stdoutIsTty: false });

/** Run `code-engine <args>` in-process against the fakes; returns the exit code, output and status frames. */
async function run(
  args: string[],
  options: { openaiKey?: string } = {},
): Promise<{ code: number; out: string; err: string; status: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const status: string[] = [];
  const io: CliOutput = { out: (s) => void out.push(s), err: (s) => void err.push(s), isTty: false };
  const extension = expertsCommands(createExpertsCliHandlers(proc()), { statusSink: { write: (s) => void status.push(s) } });
  const program = buildProgram(createCliHandlers(proc()), io, '0.0.0', [extension]);
  const settings = {
    'providers.openai.apiKey': options.openaiKey ?? OPENAI_FAKE_KEY,
    'providers.openai.baseUrl': `${openai.url}/v1`,
    'providers.anthropic.apiKey': ANTHROPIC_FAKE_KEY,
    'providers.anthropic.baseUrl': anthropic.url,
    'experts.models.openai': '["gpt-test"]',
    'experts.models.anthropic': '["claude-test"]',
    'experts.prices': '{"openai:gpt-test":{"inputPerMTok":1,"outputPerMTok":2}}',
    'experts.retryPreset': 'fast',
  };
  const sets = Object.entries(settings).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
  let code = 0;
  try {
    await program.parseAsync([...args, '--data-dir', dataDir, '--log-level', 'silent', ...sets], { from: 'user' });
  } catch (e) {
    code = e instanceof CliExit ? e.exitCode : 1;
    if (!(e instanceof CliExit)) err.push(String((e as Error).message));
  }
  return { code, out: out.join('\n'), err: err.join('\n'), status: status.join('') };
}

describe('code-engine ask', () => {
  it('prints the consensus, cost and how to follow up', async () => {
    const res = await run(['ask', 'Which database for orders?']);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/^Consensus \(\w+ confidence/);
    expect(res.out).toMatch(/Cost: unknown \(unknown for anthropic:claude-test; known part \$0\.\d+\)/);
    expect(res.out).toMatch(/follow up with --conversation [0-9a-f-]{36}/);
  });

  it('draws the live status of each expert to the status sink', async () => {
    const res = await run(['ask', 'Which database?']);
    expect(res.status).toContain('\x1b[2K');
    expect(res.status).toMatch(/✓ openai:gpt-test/);
  });

  it('attaches a file as context', async () => {
    writeFileSync(join(dataDir, 'schema.sql'), 'create table orders (id int);');
    const before = openai.requests.length;
    await run(['ask', 'Review this schema', '--experts', 'openai:gpt-test', '--file', 'schema.sql', '--type', 'review']);
    const body = openai.requests[before]?.body as { messages: Array<{ content: string }> };
    expect(body.messages.at(-1)?.content).toContain('<context name="schema.sql" kind="snippet">');
  });

  it('prints the full result as JSON', async () => {
    const res = await run(['ask', 'Q', '--experts', 'openai:gpt-test', '--json']);
    expect(JSON.parse(res.out)).toMatchObject({ status: 'complete', responses: [{ expertId: 'openai:gpt-test', status: 'ok' }] });
  });

  it('exits 1 when no expert answers', async () => {
    const res = await run(['ask', 'Q', '--experts', 'openai:gpt-test'], { openaiKey: 'wrong-key' });
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/rejected the credentials/);
  });

  it('refuses a question over its budget', async () => {
    const res = await run(['ask', 'Q', '--experts', 'openai:gpt-test', '--budget', '0.0000001']);
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/exceeds the budget/);
  });
});

describe('code-engine experts', () => {
  it('lists experts with prices and weights', async () => {
    const res = await run(['experts', 'list', '--type', 'review']);
    expect(res.out).toMatch(/openai:gpt-test\s+yes\s+closed\s+1\/2/);
    expect(res.out).toContain('REVIEW');
  });

  it('probes configured providers', async () => {
    const res = await run(['experts', 'health']);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/openai\s+yes\s+closed\s+ok/);
  });

  it('exits 1 when a configured provider fails its probe', async () => {
    const res = await run(['experts', 'health'], { openaiKey: 'wrong-key' });
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/openai\s+yes\s+closed\s+FAIL/);
  });

  it('records feedback and finds the consult in history', async () => {
    const asked = await run(['ask', 'Which queue for billing?', '--experts', 'openai:gpt-test', '--json']);
    const { queryId } = JSON.parse(asked.out) as { queryId: string };
    const voted = await run(['experts', 'feedback', queryId, 'up', '--expert', 'openai:gpt-test']);
    expect(voted.out).toMatch(/openai:gpt-test \(general\): weight 0\.667/);
    const found = await run(['experts', 'history', '--search', 'billing']);
    expect(found.out).toContain(queryId);
  });
});
