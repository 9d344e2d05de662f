/**
 * The desktop server's own process sessions: which sessions it started, for whom, with what. Other capabilities
 * share the process runner, so the desktop tools only ever see, read or kill sessions recorded here, and each
 * principal only its own.
 */
import type { Principal } from '../../auth/principal.js';
import type { Clock } from '../../core/deps.js';
import { AppError } from '../../core/errors.js';
import type { ProcessRunner } from '../../security/process-runner.js';
import type { ProcessSession } from '../../security/process-session.js';

/** What the book remembers about one session. */
export interface SessionRecord {
  id: string;
  /** `<type>:<id>` of the principal that started it. */
  owner: string;
  /** The program as given, and its arguments. */
  command: string;
  args: readonly string[];
  cwd: string;
  /** Epoch ms. */
  startedAt: number;
  session: ProcessSession;
}

/** Sessions started through the desktop tools. */
export interface SessionBook {
  add(principal: Principal, record: Omit<SessionRecord, 'owner' | 'startedAt' | 'id'>): SessionRecord;
  /** The caller's session, else E_NOT_FOUND (also for other principals' sessions: their ids are not disclosed). */
  get(principal: Principal, id: string): SessionRecord;
  list(principal: Principal): SessionRecord[];
  /** Forget a session and release it in the runner (killing it if it still runs). */
  release(id: string): Promise<void>;
}

const ownerOf = (p: Principal) => `${p.type}:${p.id}`;

/** Build the book over the shared runner. */
export function createSessionBook(processes: ProcessRunner, clock: Clock): SessionBook {
  const records = new Map<string, SessionRecord>();
  const alive = (r: SessionRecord) => {
    // The runner drops exited sessions when it needs room; such a record is gone.
    if (processes.session(r.id)) return true;
    records.delete(r.id);
    return false;
  };
  return {
    add(principal, record) {
      const full: SessionRecord = { ...record, id: record.session.id, owner: ownerOf(principal), startedAt: clock.now() };
      records.set(full.id, full);
      return full;
    },
    get(principal, id) {
      const r = records.get(id);
      if (!r || r.owner !== ownerOf(principal) || !alive(r)) {
        throw new AppError('E_NOT_FOUND', `No process session "${id.slice(0, 80)}" of yours. desktop_list_sessions lists them.`);
      }
      return r;
    },
    list(principal) {
      return [...records.values()].filter((r) => r.owner === ownerOf(principal) && alive(r));
    },
    async release(id) {
      records.delete(id);
      await processes.dispose(id);
    },
  };
}
