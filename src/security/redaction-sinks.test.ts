/**
 * End-to-end: no planted secret survives in the places secrets leak from — log lines, problem+json bodies (unit and a
 * real server), and audit rows (the redactor's output for an audit-shaped event).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/helpers/app.js';
import { toProblem } from '../adapters/http/problem.js';
import type { AuditEvent } from '../auth/principal.js';
import { AppError } from '../core/errors.js';
import { createLogger } from '../core/logger.js';
import { redact } from './redact.js';

const samples = (
  JSON.parse(readFileSync(new URL('../../test/fixtures/attacks/redaction-samples.json', import.meta.url), 'utf8')) as {
    samples: Array<{ text: string; secret: string }>;
  }
).samples;

function captureLogger() {
  const lines: string[] = [];
  const log = createLogger({ level: 'trace', format: 'json', stream: { write: (s: string) => void lines.push(s) } });
  return { log, text: () => lines.join('') };
}

const leaks = (text: string) => samples.filter((s) => text.includes(s.secret)).map((s) => s.secret);

describe('no planted secret survives in log lines', () => {
  it('from messages', () => {
    const { log, text } = captureLogger();
    for (const s of samples) log.info(s.text);
    expect(leaks(text())).toEqual([]);
  });

  it('from values under innocent keys at any depth', () => {
    const { log, text } = captureLogger();
    for (const s of samples) log.info({ request: { note: s.text, list: [s.text] } }, 'event');
    expect(leaks(text())).toEqual([]);
  });

  it('from errors and their causes', () => {
    const { log, text } = captureLogger();
    for (const s of samples) log.error({ err: new Error('outer', { cause: new Error(s.text) }) }, 'failed');
    expect(leaks(text())).toEqual([]);
  });

  it('from child logger bindings', () => {
    const { log, text } = captureLogger();
    for (const s of samples) log.child({ context: s.text }).info('bound');
    expect(leaks(text())).toEqual([]);
  });
});

describe('no planted secret survives in problem+json', () => {
  it('in detail, issues and details', () => {
    const bodies = samples.map((s) =>
      JSON.stringify(
        toProblem(
          new AppError('E_UPSTREAM', `upstream said: ${s.text}`, {
            details: { upstream: s.text, headers: { authorization: s.secret } },
            issues: [{ path: 'body.url', message: s.text }],
          }),
          `/api/x?token=${s.secret}`,
          'req-1',
        ),
      ),
    );
    expect(leaks(bodies.join('\n'))).toEqual([]);
  });

  describe('from a real server', () => {
    let app: TestServer;
    beforeAll(async () => {
      app = await startTestServer();
    });
    afterAll(() => app.close());

    it('in bodies and log lines of failed requests', async () => {
      const planted = samples.filter((s) => !/[\s/?#]/.test(s.text));
      let bodies = '';
      for (const s of planted) {
        const res = await fetch(`${app.url}/no-such-route/${encodeURIComponent(s.text)}?access_token=${encodeURIComponent(s.secret)}`, {
          headers: { authorization: `Bearer ${s.secret}`, cookie: `sid=${s.secret}` },
        });
        bodies += await res.text();
      }
      const decoded = decodeURIComponent(bodies);
      const logs = app.logs.join('');
      expect([leaks(bodies), leaks(decoded), leaks(logs), logs.includes('no-such-route')]).toEqual([[], [], [], true]);
    });
  });
});

describe('no planted secret survives in audit rows', () => {
  it('for an audit-shaped event carrying secrets in its details', () => {
    const rows = samples.map(
      (s): AuditEvent => ({
        action: 'operation.call',
        outcome: 'success',
        principal: { id: 'user:1', type: 'user' },
        target: 'experts_ask',
        requestId: 'req-1',
        details: {
          args: { prompt: s.text, apiKey: s.secret, nested: [{ webhookSecret: s.secret }] },
          headers: { Authorization: `Bearer ${s.secret}` },
          url: `https://user:${encodeURIComponent(s.secret)}@example.com/?token=${encodeURIComponent(s.secret)}`,
          error: new Error(s.text),
        },
      }),
    );
    const out = JSON.stringify(redact(rows));
    expect([leaks(out), samples.filter((s) => out.includes(encodeURIComponent(s.secret))).length]).toEqual([[], 0]);
  });
});
