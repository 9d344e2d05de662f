/** Command groups of every capability, added to the CLI (a capability adds one line here). */
import type { CliExtension } from '../adapters/cli/program.js';

export const cliExtensions: readonly CliExtension[] = [];
