/**
 * The CLI's entry point, bundled as dist/bundle/cli-main.js (src/main/bin.ts runs it): runs the CLI (run-cli.ts).
 */
await import('./run-cli.js');
