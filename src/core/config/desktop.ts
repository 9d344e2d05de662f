/**
 * Config section of the desktop tool server (src/tools/desktop, docs/security.md#desktop): what it adds to the
 * `security` section — protected paths, the programs models may run, and the limits of reads, searches and output.
 * File roots and subprocess limits stay in `security.files` and `security.subprocess`.
 */
import { z } from 'zod';

const bytes = (min: number, max: number) => z.number().int().min(min).max(max);

/** The `desktop` section. */
export const desktopSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Serve the desktop_* tools (files and commands inside security.files.roots).'),
    protectedPaths: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'Extra paths desktop tools never read, list, write or move, with everything below them (relative to dataDir). ' +
          'Always protected: the config file in use (and code-engine.yaml/.yml/.toml in the working directory), the data dir, ' +
          'the keyring, JWT keys, audit archive, SQLite file and policy.rulesFiles.',
      ),
    maxReadBytes: bytes(1024, 1_073_741_824)
      .default(10_485_760)
      .describe('Largest file desktop_read_file returns whole, in bytes; larger files need a line range.'),
    maxEntries: z.number().int().min(10).max(1_000_000).default(5_000).describe('Most entries one listing, tree or file search returns.'),
    search: z
      .strictObject({
        maxFiles: z.number().int().min(1).max(10_000_000).default(50_000).describe('Most files one desktop_search_content call looks at.'),
        maxFileBytes: bytes(1024, 1_073_741_824)
          .default(2_097_152)
          .describe('Files larger than this are skipped by desktop_search_content, in bytes.'),
        maxMatches: z.number().int().min(1).max(100_000).default(500).describe('Most matches one desktop_search_content call returns.'),
        timeoutMs: z
          .number()
          .int()
          .min(100)
          .max(600_000)
          .default(20_000)
          .describe('Limit of one content search in ms; the regex runs in a worker that is stopped after it (ReDoS).'),
      })
      .prefault({}),
    commands: z
      .strictObject({
        allow: z
          .array(z.string().min(1))
          .default([])
          .describe(
            'Programs desktop_execute_command may run (names or absolute paths; each must also be in security.subprocess.allow). ' +
              'Empty = no command execution. List only programs whose every option you would hand to a model.',
          ),
        effects: z
          .enum(['destructive', 'write'])
          .default('destructive')
          .describe(
            'Effects of desktop_execute_command: destructive (confirmation, hidden in non_destructive mode) unless every allowed program is harmless.',
          ),
        shellSyntax: z
          .enum(['refuse', 'literal'])
          .default('refuse')
          .describe(
            'Arguments with shell syntax (; | & backquote $( ${ $VAR < > newline): refuse them, or pass them as literal text (no shell ever runs).',
          ),
        maxWaitMs: z
          .number()
          .int()
          .min(0)
          .max(300_000)
          .default(60_000)
          .describe('Longest desktop_execute_command waits for a program before returning a session id, in ms.'),
        maxOutputBytes: bytes(1024, 67_108_864)
          .default(262_144)
          .describe('Most output bytes one desktop_execute_command or desktop_read_process_output call returns.'),
      })
      .prefault({}),
  })
  .prefault({});

/** The parsed `desktop` section. */
export type DesktopConfig = z.infer<typeof desktopSchema>;
