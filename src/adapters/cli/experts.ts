/**
 * `code-engine ask "…"` and `code-engine experts list|health|history|show|feedback|export`: the Circle of Experts
 * on the command line. A live per-expert status view goes to stderr on a terminal; results go to stdout.
 */
import type { Command } from 'commander';
import { AppError } from '../../core/errors.js';
import type {
  ConsultInput,
  ConsultProgress,
  ConsultResult,
  ExpertsHealth,
  ExpertsList,
  ExportInput,
  FeedbackInput,
  FeedbackResult,
  HistoryInput,
  HistoryResult,
} from '../../experts/schemas.js';
import { renderConsult, renderExpertList, renderHealth, renderHistory } from './experts-output.js';
import { createLiveStatus, type StatusSink } from './experts-status.js';
import { type CliContext, CliExit, type CliExtension } from './program.js';

/** The work behind the experts commands, implemented in src/main/experts-cli.ts. */
export interface ExpertsCliHandlers {
  /** Consult; `files` are read from the local disk (the CLI user's own files) and attached as context. */
  ask(
    ctx: CliContext,
    input: ConsultInput,
    options: { files: string[]; onProgress?: (e: ConsultProgress) => void; stream: boolean },
  ): Promise<ConsultResult>;
  list(ctx: CliContext, input: { type?: string }): Promise<ExpertsList>;
  health(ctx: CliContext, input: { probe: boolean }): Promise<ExpertsHealth>;
  history(ctx: CliContext, input: HistoryInput): Promise<HistoryResult>;
  feedback(ctx: CliContext, input: FeedbackInput): Promise<FeedbackResult>;
  exportHistory(ctx: CliContext, input: ExportInput): Promise<{ content: string; count: number }>;
}

/** Options of the command group. */
export interface ExpertsCliOptions {
  /** stderr when it is a terminal: the live status view draws there. */
  statusSink?: StatusSink | undefined;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];
const list = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function number(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new AppError('E_VALIDATION', `${flag} expects a number, got "${value}".`);
  return n;
}

function stances(pairs: string[] | undefined): Record<string, 'for' | 'against' | 'neutral'> | undefined {
  if (!pairs?.length) return undefined;
  const out: Record<string, 'for' | 'against' | 'neutral'> = {};
  for (const pair of pairs) {
    const eq = pair.lastIndexOf('=');
    const stance = pair.slice(eq + 1);
    if (eq <= 0 || !['for', 'against', 'neutral'].includes(stance)) {
      throw new AppError('E_VALIDATION', `--stance expects provider:model=for|against|neutral, got "${pair}".`);
    }
    out[pair.slice(0, eq)] = stance as 'for' | 'against' | 'neutral';
  }
  return out;
}

interface AskFlags {
  experts?: string[];
  type?: string;
  file?: string[];
  budget?: string;
  deadline?: string;
  minExperts?: string;
  conversation?: string;
  stance?: string[];
  synthesize?: boolean;
  stream?: boolean;
  json?: boolean;
}

/**
 * The experts command group.
 * @example buildProgram(handlers, io, VERSION, [expertsCommands(createExpertsCliHandlers(proc), { statusSink: process.stderr })])
 */
export function expertsCommands(handlers: ExpertsCliHandlers, options: ExpertsCliOptions = {}): CliExtension {
  return function expertsCommandGroup(program, { io, context }) {
    program
      .command('ask')
      .description('ask a panel of LLM experts; prints the consensus, dissent, confidence and cost')
      .argument('<question...>', 'the question (quote it, or pass several words)')
      .option('--experts <ids>', 'comma-separated provider:model list (default: auto-select)', list)
      .option('--type <type>', 'review, architecture, security, debug or general', 'general')
      .option('--file <path>', 'attach a file as context (repeatable)', collect)
      .option('--budget <usd>', 'refuse when the worst-case estimate exceeds this many USD')
      .option('--deadline <ms>', 'global deadline in ms (0 = none)')
      .option('--min-experts <n>', 'fewest answers for a complete result')
      .option('--conversation <id>', 'continue an earlier consult (its conversation id)')
      .option('--stance <expert=stance>', 'make an expert argue for/against (repeatable)', collect)
      .option('--synthesize', 'have the chair model write a final answer from all responses')
      .option('--no-stream', 'do not stream answers (no live character counts)')
      .option('--json', 'print the full result as JSON')
      .action(async (words: string[], opts: AskFlags, cmd: Command) => {
        const input: ConsultInput = {
          question: words.join(' '),
          type: opts.type as ConsultInput['type'],
          ...(opts.experts ? { experts: opts.experts } : {}),
          ...(opts.budget !== undefined ? { budgetUsd: number('--budget', opts.budget) } : {}),
          ...(opts.deadline !== undefined ? { deadlineMs: number('--deadline', opts.deadline) } : {}),
          ...(opts.minExperts !== undefined ? { minExperts: number('--min-experts', opts.minExperts) } : {}),
          ...(opts.conversation ? { conversationId: opts.conversation } : {}),
          ...(opts.stance ? { stances: stances(opts.stance) } : {}),
          ...(opts.synthesize ? { synthesize: true } : {}),
        };
        const live = options.statusSink && !opts.json ? createLiveStatus(options.statusSink) : undefined;
        let result: ConsultResult;
        try {
          result = await handlers.ask(context(cmd), input, {
            files: opts.file ?? [],
            stream: opts.stream !== false,
            ...(live ? { onProgress: (e: ConsultProgress) => live.onProgress(e) } : {}),
          });
        } finally {
          live?.finish();
        }
        io.out(opts.json ? JSON.stringify(result, null, 2) : renderConsult(result));
        if (result.status === 'failed') throw new CliExit(1);
      });

    const experts = program.command('experts').description('the Circle of Experts: models, health, history and feedback');
    experts
      .command('list')
      .description('list the experts with availability, prices, breaker state and learned weights')
      .option('--type <type>', 'show weights for one query type')
      .option('--json', 'print JSON')
      .action(async (opts: { type?: string; json?: boolean }, cmd: Command) => {
        const result = await handlers.list(context(cmd), opts.type ? { type: opts.type } : {});
        io.out(opts.json ? JSON.stringify(result, null, 2) : renderExpertList(result));
      });
    experts
      .command('health')
      .description('probe each configured provider (model listing, free); exit 1 when one fails')
      .option('--no-probe', 'only report configuration and breaker state')
      .option('--json', 'print JSON')
      .action(async (opts: { probe?: boolean; json?: boolean }, cmd: Command) => {
        const result = await handlers.health(context(cmd), { probe: opts.probe !== false });
        io.out(opts.json ? JSON.stringify(result, null, 2) : renderHealth(result));
        if (result.providers.some((p) => p.configured && p.probe && !p.probe.ok)) throw new CliExit(1);
      });
    experts
      .command('history')
      .description('search earlier consults, newest first')
      .option('--search <text>', 'text in the question or the consensus')
      .option('--type <type>', 'query type')
      .option('--expert <id>', 'consults this expert took part in')
      .option('--conversation <id>', 'one conversation')
      .option('--limit <n>', 'page size', '20')
      .option('--offset <n>', 'skip this many', '0')
      .option('--json', 'print JSON')
      .action(async (opts: Record<string, string | boolean | undefined>, cmd: Command) => {
        const input: HistoryInput = {
          limit: number('--limit', opts.limit as string) ?? 20,
          offset: number('--offset', opts.offset as string) ?? 0,
          ...(opts.search ? { text: opts.search as string } : {}),
          ...(opts.type ? { type: opts.type as HistoryInput['type'] } : {}),
          ...(opts.expert ? { expertId: opts.expert as string } : {}),
          ...(opts.conversation ? { conversationId: opts.conversation as string } : {}),
        };
        const result = await handlers.history(context(cmd), input);
        io.out(opts.json ? JSON.stringify(result, null, 2) : renderHistory(result));
      });
    experts
      .command('show')
      .description('show one earlier consult in full')
      .argument('<queryId>')
      .option('--json', 'print JSON')
      .action(async (queryId: string, opts: { json?: boolean }, cmd: Command) => {
        const { query } = await handlers.history(context(cmd), { queryId });
        if (!query) throw new AppError('E_NOT_FOUND', `No consult ${queryId}.`);
        io.out(opts.json ? JSON.stringify(query, null, 2) : renderConsult(query));
      });
    experts
      .command('feedback')
      .description('vote on a consult (or one expert’s answer): adjusts that expert’s weight for the query type')
      .argument('<queryId>')
      .argument('<vote>', 'up or down')
      .option('--expert <id>', 'vote on this expert’s answer instead of the consensus')
      .option('--comment <text>', 'why')
      .action(async (queryId: string, vote: string, opts: { expert?: string; comment?: string }, cmd: Command) => {
        if (vote !== 'up' && vote !== 'down') throw new AppError('E_VALIDATION', `The vote must be "up" or "down", got "${vote}".`);
        const result = await handlers.feedback(context(cmd), {
          queryId,
          vote,
          ...(opts.expert ? { expertId: opts.expert } : {}),
          ...(opts.comment ? { comment: opts.comment } : {}),
        });
        io.out(result.weights.map((w) => `${w.expertId} (${w.queryType}): weight ${w.weight.toFixed(3)}`).join('\n'));
      });
    experts
      .command('export')
      .description('export consults as JSON, NDJSON or Markdown to stdout')
      .option('--format <format>', 'json, ndjson or markdown', 'json')
      .option('--search <text>', 'text in the question or the consensus')
      .option('--since <iso>', 'from this ISO-8601 time')
      .option('--limit <n>', 'at most this many consults', '1000')
      .action(async (opts: { format: string; search?: string; since?: string; limit: string }, cmd: Command) => {
        const result = await handlers.exportHistory(context(cmd), {
          format: opts.format as ExportInput['format'],
          limit: number('--limit', opts.limit) ?? 1000,
          ...(opts.search ? { text: opts.search } : {}),
          ...(opts.since ? { since: opts.since } : {}),
        });
        io.out(result.content.replace(/\n$/, ''));
        io.err(`Exported ${result.count} consult(s).`);
      });
  };
}
