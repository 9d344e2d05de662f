/**
 * Differences between two snapshots: files added, removed and changed (by content hash) with their line
 * deltas, findings new and fixed (by fingerprint), dependencies added and removed.
 */
import type { Finding } from '../findings.js';
import type { ReportDependency } from '../report/report-schema.js';
import type { SnapshotFile } from './snapshot-repo.js';

/** How one changed file's counts moved. */
export interface FileChange {
  path: string;
  language: string | null;
  codeDelta: number;
  commentDelta: number;
  blankDelta: number;
}

/** What changed from snapshot `from` to snapshot `to`. */
export interface SnapshotDiff {
  from: string;
  to: string;
  files: { added: string[]; removed: string[]; changed: FileChange[]; unchanged: number };
  lines: { codeDelta: number; commentDelta: number; blankDelta: number; added: number; removed: number };
  findings: { new: Finding[]; fixed: Finding[]; unchanged: number };
  dependencies: { added: ReportDependency[]; removed: ReportDependency[] };
}

/** The inputs of a diff: each side's files, findings and dependencies. */
export interface SnapshotContents {
  id: string;
  files: readonly SnapshotFile[];
  findings: readonly Finding[];
  dependencies: readonly ReportDependency[];
}

const depKey = (d: ReportDependency) => `${d.ecosystem}\0${d.name}\0${d.version ?? d.spec ?? ''}`;

/**
 * Compare two snapshots. Line changes are net per file (the crawler stores counts, not contents): `added` sums
 * the growth of files that grew or appeared, `removed` the shrinkage of files that shrank or disappeared.
 */
export function diffSnapshots(from: SnapshotContents, to: SnapshotContents): SnapshotDiff {
  const before = new Map(from.files.map((f) => [f.path, f]));
  const after = new Map(to.files.map((f) => [f.path, f]));
  const diff: SnapshotDiff = {
    from: from.id,
    to: to.id,
    files: { added: [], removed: [], changed: [], unchanged: 0 },
    lines: { codeDelta: 0, commentDelta: 0, blankDelta: 0, added: 0, removed: 0 },
    findings: { new: [], fixed: [], unchanged: 0 },
    dependencies: { added: [], removed: [] },
  };
  const move = (code: number, comment: number, blank: number) => {
    diff.lines.codeDelta += code;
    diff.lines.commentDelta += comment;
    diff.lines.blankDelta += blank;
    const net = code + comment + blank;
    if (net > 0) diff.lines.added += net;
    else diff.lines.removed -= net;
  };
  for (const [path, f] of after) {
    const old = before.get(path);
    if (!old) {
      diff.files.added.push(path);
      move(f.code, f.comment, f.blank);
    } else if (old.contentHash !== f.contentHash) {
      const change = {
        path,
        language: f.language,
        codeDelta: f.code - old.code,
        commentDelta: f.comment - old.comment,
        blankDelta: f.blank - old.blank,
      };
      diff.files.changed.push(change);
      move(change.codeDelta, change.commentDelta, change.blankDelta);
    } else diff.files.unchanged++;
  }
  for (const [path, f] of before) {
    if (after.has(path)) continue;
    diff.files.removed.push(path);
    move(-f.code, -f.comment, -f.blank);
  }
  const oldFingerprints = new Set(from.findings.map((f) => f.fingerprint));
  const newFingerprints = new Set(to.findings.map((f) => f.fingerprint));
  for (const f of to.findings) {
    if (oldFingerprints.has(f.fingerprint)) diff.findings.unchanged++;
    else diff.findings.new.push(f);
  }
  diff.findings.fixed = from.findings.filter((f) => !newFingerprints.has(f.fingerprint));
  const oldDeps = new Set(from.dependencies.map(depKey));
  const newDeps = new Set(to.dependencies.map(depKey));
  diff.dependencies.added = to.dependencies.filter((d) => !oldDeps.has(depKey(d)));
  diff.dependencies.removed = from.dependencies.filter((d) => !newDeps.has(depKey(d)));
  diff.files.added.sort();
  diff.files.removed.sort();
  diff.files.changed.sort((a, b) => a.path.localeCompare(b.path));
  return diff;
}
