/**
 * The CLI's entry point, bundled as dist/bundle/cli-main.js (src/main/bin.ts runs it): configures zod for this
 * process, then runs the CLI (run-cli.ts).
 */
import { z } from 'zod';

// zod compiles a parser with `new Function` for each object schema on its first parse. In a CLI process that is
// start-up cost: ~80 ms of CPU before `code-engine mcp` answers `initialize` (issue #6), most of it for the config
// schema, parsed once. Interpreted parsing costs ~2 µs more per parse, noise beside a tool call's own work.
// zod reads the flag when a schema is created, so it is set before any module that creates schemas is loaded.
z.config({ jitless: true });

await import('./run-cli.js');
