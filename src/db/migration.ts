/**
 * Migration shape shared by all capabilities. One list, composed in src/main, run by Kysely's Migrator.
 */
import type { Kysely } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/** A migration that may branch on the dialect for the few types SQL does not share. */
export interface AppMigration {
  /** Sortable unique name: `<yyyy-mm-dd>-<nnn>-<capability>-<what>`. */
  name: string;
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
  down?(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

/** Column type of an auto-incrementing 64-bit primary key on each dialect. */
export function serialType(dialect: Dialect): 'bigserial' | 'integer' {
  return dialect === 'postgres' ? 'bigserial' : 'integer';
}
