/**
 * Collects a consult's context before anything is sized: snippets as given, attached files through the
 * workspace reader (capped per file and in total, every cut noted), and a crawler snapshot's summary.
 */
import { AppError } from '../../core/errors.js';
import type { ContextItem } from '../prompt/context.js';
import type { FileContextReader } from '../prompt/file-context.js';
import type { SnapshotContextReader } from '../prompt/snapshot-context.js';
import type { ConsultRequest } from '../schemas.js';

/** Most bytes read of one attached file (the same cap as a snippet's characters and `ask --file`). */
export const FILE_MAX_BYTES = 1_000_000;
/** Most bytes read of all attached files of one consult together. */
export const FILES_MAX_TOTAL_BYTES = 4_000_000;

/** The hooks context comes through; an absent hook refuses its kind of context (E_UNSUPPORTED). */
export interface ContextSources {
  readFile?: FileContextReader | undefined;
  snapshotContext?: SnapshotContextReader | undefined;
}

const size = (bytes: number) => (bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${Math.ceil(bytes / 1000)} kB`);

/** A consult's context and what was cut from it before sizing. */
export interface GatheredContext {
  items: ContextItem[];
  /** Files cut at a size cap or left out, for the consult's notes. */
  notes: string[];
}

async function readFiles(read: FileContextReader, paths: readonly string[], signal: AbortSignal, into: GatheredContext): Promise<void> {
  let left = FILES_MAX_TOTAL_BYTES;
  for (const path of paths) {
    if (left <= 0) {
      into.notes.push(`File "${path}" was left out: attached files may hold ${size(FILES_MAX_TOTAL_BYTES)} in total.`);
      continue;
    }
    const file = await read(path, { signal, maxBytes: Math.min(FILE_MAX_BYTES, left) });
    left -= file.keptBytes;
    if (!file.truncated) {
      into.items.push({ name: path, kind: 'file', text: file.text });
      continue;
    }
    // The marker tells the model the rest exists; the note tells the caller.
    const marker = `\n[… truncated: the file is ${file.sizeBytes} bytes, only the first ${file.keptBytes} are attached]`;
    into.items.push({ name: path, kind: 'file', text: file.text + marker });
    into.notes.push(`File "${path}" is ${size(file.sizeBytes)}; only its first ${size(file.keptBytes)} were attached.`);
  }
}

/** Every context item of a consult, in the order given: snippets, files, snapshot. */
export async function gatherContext(sources: ContextSources, input: ConsultRequest, signal: AbortSignal): Promise<GatheredContext> {
  const gathered: GatheredContext = {
    items: input.context.snippets.map((s) => ({ name: s.name, kind: 'snippet' as const, text: s.text })),
    notes: [],
  };
  if (input.context.files.length > 0) {
    if (!sources.readFile)
      throw new AppError(
        'E_UNSUPPORTED',
        'Attaching files needs the workspace path guard, which is not configured here; send snippets instead.',
      );
    await readFiles(sources.readFile, input.context.files, signal, gathered);
  }
  if (input.context.snapshotId) {
    if (!sources.snapshotContext) throw new AppError('E_UNSUPPORTED', 'Crawler snapshots are not available in this process.');
    gathered.items.push(...(await sources.snapshotContext(input.context.snapshotId, signal)));
  }
  return gathered;
}
