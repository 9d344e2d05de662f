/** Every capability's migrations, in one list (a capability adds one line here). */

import { auditMigrations } from '../auth/audit/migrations.js';
import { authMigrations } from '../auth/migrations.js';
import { advisoryMigrations } from '../crawler/deps/migrations.js';
import { crawlerMigrations } from '../crawler/migrations.js';
import type { AppMigration } from '../db/migration.js';
import { coreMigrations } from '../db/migrations/core.js';
import { expertsMigrations } from '../experts/migrations.js';
import { approvalsMigrations } from '../policy/approvals/migrations.js';
import { policyMigrations } from '../policy/store/migrations.js';

export const allMigrations: readonly AppMigration[] = [
  ...coreMigrations,
  ...auditMigrations,
  ...authMigrations,
  ...crawlerMigrations,
  ...advisoryMigrations,
  ...expertsMigrations,
  ...approvalsMigrations,
  ...policyMigrations,
];
