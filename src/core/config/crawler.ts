/**
 * Config section of the code-base crawler (src/crawler): limits, parallelism, excludes and history depth.
 */
import { z } from 'zod';

export const crawlerSchema = z
  .strictObject({
    maxFileBytes: z
      .number()
      .int()
      .min(1024)
      .max(1_073_741_824)
      .default(2_097_152)
      .describe('Files larger than this (bytes) are skipped and listed in the warnings. Default 2 MiB.'),
    parseMaxBytes: z
      .number()
      .int()
      .min(1024)
      .max(1_073_741_824)
      .default(524_288)
      .describe('Files larger than this (bytes) get line counts and secret scanning but no tree-sitter parse (symbols, SAST, duplicates).'),
    workers: z
      .number()
      .int()
      .min(0)
      .max(64)
      .optional()
      .describe('Worker threads for file analysis; 0 = analyse in the main thread; unset = one per CPU core.'),
    excludes: z
      .array(z.string().min(1))
      .default([])
      .describe('Extra gitignore-style patterns to skip, in addition to .gitignore, .ignore and the global git excludes.'),
    maxCommits: z
      .number()
      .int()
      .min(0)
      .max(1_000_000)
      .default(10_000)
      .describe('Newest commits read for churn and hotspots (0 = no history).'),
    minDuplicateTokens: z
      .number()
      .int()
      .min(10)
      .max(100_000)
      .default(80)
      .describe('Smallest function or file (in tokens) considered for near-duplicate detection.'),
    maxWarnings: z.number().int().min(0).max(100_000).default(1_000).describe('Warnings listed in a report; the rest are only counted.'),
  })
  .prefault({});

/** The parsed crawler section. */
export type CrawlerConfig = z.infer<typeof crawlerSchema>;
