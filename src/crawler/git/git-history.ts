/**
 * Git history of a scanned tree: commits, authors, churn per file and last change, from one
 * `git log --numstat` (paths relative to the scan root, renames not followed, merges skipped).
 */
import type { Git } from './run-git.js';

/** Churn of one file. */
export interface FileChurn {
  commits: number;
  linesAdded: number;
  linesDeleted: number;
  /** ISO-8601 author date of the newest commit touching the file. */
  lastChange: string;
}

/** What the history says about the tree. */
export interface GitHistory {
  head: string | null;
  commits: number;
  /** Commits read, newest first, capped at `maxCommits`. */
  truncated: boolean;
  firstCommitAt: string | null;
  lastCommitAt: string | null;
  authors: Array<{ name: string; commits: number }>;
  files: Map<string, FileChurn>;
}

/** Options of a history read. */
export interface GitHistoryOptions {
  maxCommits: number;
  signal?: AbortSignal;
}

const RECORD = '\x1e';
const FIELD = '\x1f';

/** Read the history below `root` (inside a git work tree). An empty repository has an empty history. */
export async function readGitHistory(git: Git, options: GitHistoryOptions): Promise<GitHistory> {
  const empty: GitHistory = {
    head: null,
    commits: 0,
    truncated: false,
    firstCommitAt: null,
    lastCommitAt: null,
    authors: [],
    files: new Map(),
  };
  const signal = options.signal ? { signal: options.signal } : {};
  let head: string;
  try {
    head = (await git.run(['rev-parse', '--verify', '-q', 'HEAD'], { timeoutMs: 10_000, ...signal })).trim();
  } catch {
    return empty; // no commits yet
  }
  const out = await git.run(
    [
      'log',
      '--no-merges',
      '--no-renames',
      '--relative',
      '--numstat',
      `--format=${RECORD}%H${FIELD}%an${FIELD}%aI`,
      `-n${options.maxCommits + 1}`,
      '--',
    ],
    signal,
  );
  return parseGitLog(out, head, options.maxCommits);
}

/** Parse `git log --numstat --format=<RS>%H<US>%an<US>%aI` output. Exported for tests. */
export function parseGitLog(text: string, head: string | null, maxCommits: number): GitHistory {
  const files = new Map<string, FileChurn>();
  const authors = new Map<string, number>();
  let commits = 0;
  let firstCommitAt: string | null = null;
  let lastCommitAt: string | null = null;
  const records = text.split(RECORD).slice(1);
  for (const record of records.slice(0, maxCommits)) {
    const newline = record.indexOf('\n');
    const header = newline === -1 ? record : record.slice(0, newline);
    const [, author = '', date = ''] = header.split(FIELD);
    commits++;
    authors.set(author, (authors.get(author) ?? 0) + 1);
    lastCommitAt ??= date;
    firstCommitAt = date;
    if (newline === -1) continue;
    for (const line of record.slice(newline + 1).split('\n')) {
      if (!line) continue;
      const [added, deleted, ...rest] = line.split('\t');
      const path = rest.join('\t');
      if (!path) continue;
      const churn = files.get(path);
      // Binary files show "-" instead of line counts.
      const a = added === '-' ? 0 : Number(added) || 0;
      const d = deleted === '-' ? 0 : Number(deleted) || 0;
      if (churn) {
        churn.commits++;
        churn.linesAdded += a;
        churn.linesDeleted += d;
      } else files.set(path, { commits: 1, linesAdded: a, linesDeleted: d, lastChange: date });
    }
  }
  return {
    head,
    commits,
    truncated: records.length > maxCommits,
    firstCommitAt,
    lastCommitAt,
    authors: [...authors].map(([name, n]) => ({ name, commits: n })).sort((a, b) => b.commits - a.commits || a.name.localeCompare(b.name)),
    files,
  };
}
