/**
 * The desktop attack corpus (test/fixtures/attacks/desktop/payloads.json) through the MCP face: a real MCP client
 * over an in-memory transport, the real gateway pipeline, real files and real processes. Every payload must be
 * refused with its expected code, create no canary, leave the config untouched and never return the outside secret.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDesktopFixture, DATA_SECRET, type DesktopFixture, OUTSIDE_SECRET } from '../../../test/helpers/desktop.js';
import { principal } from '../../../test/helpers/gateway.js';
import { buildMcpSession } from '../../adapters/mcp/server.js';
import { systemIds } from '../../core/deps.js';
import { createLogger } from '../../core/logger.js';

interface Payload {
  id: string;
  category: string;
  source: string;
  tool: string;
  input: Record<string, unknown>;
  expect: string;
  setup?: Array<{ symlink: { target: string; at: string } }>;
}
const corpus = JSON.parse(readFileSync(new URL('../../../test/fixtures/attacks/desktop/payloads.json', import.meta.url), 'utf8')) as {
  payloads: Payload[];
};

let f: DesktopFixture;
let client: Client;
let configBefore: string;
beforeAll(async () => {
  f = await createDesktopFixture({ allow: ['echo', 'cat', 'ls', 'find', 'git', 'tar', 'sed'] });
  writeFileSync(join(f.root, 'file.txt'), 'line\n');
  configBefore = readFileSync(f.configFile, 'utf8');
  const session = await buildMcpSession({
    gateway: f.t.gateway,
    principal: principal('operator'),
    face: 'mcp-stdio',
    version: 'test',
    ids: systemIds,
    log: createLogger({ level: 'silent', format: 'json', stream: { write() {} } }),
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  // The client accepts every confirmation: refusals must come from the desktop server, not from a declined prompt.
  client = new Client({ name: 'attacker', version: '1.0.0' }, { capabilities: { elicitation: {} } });
  client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept' as const, content: { confirm: true } }));
  await session.server.connect(serverSide);
  await client.connect(clientSide);
});
afterAll(async () => {
  await client?.close();
  await f?.close();
});

/** Replace placeholders everywhere in a payload. */
function expand<T>(value: T, canary: string): T {
  const text = JSON.stringify(value)
    .replaceAll('{canary}', canary)
    .replaceAll('{root}', f.root)
    .replaceAll('{outside}', f.outside)
    .replaceAll('{config}', f.configFile);
  return JSON.parse(text) as T;
}

describe('desktop attack corpus', () => {
  it('holds at least 30 payloads from published issues, covering every category', () => {
    expect(corpus.payloads.length).toBeGreaterThanOrEqual(30);
    expect(new Set(corpus.payloads.map((p) => p.category))).toEqual(
      new Set(['quoting', 'ifs', 'substitution', 'separator', 'env', 'shell', 'path-trick', 'exec-option', 'symlink', 'self-escalation']),
    );
    expect(new Set(corpus.payloads.map((p) => p.id)).size).toBe(corpus.payloads.length);
  });

  it('would see a canary created: the same payloads run by a shell create theirs (control)', () => {
    for (const id of ['command-line-as-program', 'ifs-in-program', 'backticks-as-program']) {
      const payload = corpus.payloads.find((p) => p.id === id)!;
      const canary = join(f.base, `control-${id}`);
      execFileSync('/bin/sh', ['-c', expand(payload.input, canary).command as string], { stdio: 'ignore' });
      expect(existsSync(canary), id).toBe(true);
    }
  });

  it.each(corpus.payloads.map((p) => [p.id, p] as const))('refuses %s', async (_id, payload) => {
    const canary = join(f.base, `canary-${payload.id}`);
    for (const step of payload.setup ?? []) {
      const { target, at } = expand(step.symlink, canary);
      if (!existsSync(join(f.root, at))) symlinkSync(target, join(f.root, at));
    }
    const result = await client.callTool({ name: payload.tool, arguments: expand(payload.input, canary) });
    const text = JSON.stringify(result);
    if (payload.expect === 'exit-nonzero') {
      expect(result.isError, text).toBeFalsy();
      expect((result.structuredContent as { exitCode: number }).exitCode, text).not.toBe(0);
    } else {
      expect(result.isError, text).toBe(true);
      expect((result.content as Array<{ text: string }>)[0]?.text, text).toMatch(new RegExp(`^${payload.expect}: `));
    }
    expect(existsSync(canary), `${payload.id} created its canary`).toBe(false);
    expect(text).not.toContain(OUTSIDE_SECRET);
    expect(text).not.toContain(DATA_SECRET);
    expect(readFileSync(f.configFile, 'utf8')).toBe(configBefore);
    expect(readFileSync(join(f.dataDir, 'secrets.key'), 'utf8')).toBe(DATA_SECRET);
    expect(existsSync(join(f.outside, 'pwned.txt')) || existsSync(join(f.outside, 'created-by-attack.txt'))).toBe(false);
  });

  it('left no program running', () => {
    expect(f.runner.sessions().filter((s) => !s.exit)).toEqual([]);
  });
});
