/**
 * `security_scan_file`: secrets, SAST and (for a manifest or lockfile) vulnerable dependencies in one file, read
 * through the path guard. Runs in the calling thread; nothing is stored.
 */
import { relative, sep } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { matchAdvisories } from '../../crawler/deps/match-advisories.js';
import { isDependencyFile, parseDependencies } from '../../crawler/deps/parse-dependencies.js';
import type { Finding } from '../../crawler/findings.js';
import { detectLanguage } from '../../crawler/languages/detect-language.js';
import { loadSastGrammars, sastGrammarFor } from '../../crawler/sast/grammars.js';
import { runSast } from '../../crawler/sast/run-sast.js';
import { scanSecrets } from '../../crawler/secrets/scan-secrets.js';
import { decodeText, isBinary } from '../../crawler/walk/read-source-file.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import { isWithin } from '../../security/path-resolve.js';
import type { SecurityToolDeps } from './deps.js';
import { findingsSummaryShape, renderFindings, scanFilterShape, summarizeFindings } from './scan-output.js';

const FILE_ANALYSES = ['secrets', 'sast', 'deps'] as const;

/** The single-file scan operation. */
export function scanFileOp(deps: SecurityToolDeps): Operation {
  return defineOperation({
    name: 'security_scan_file',
    title: 'Security scan of one file',
    description:
      'Scan one file for secrets, insecure code (JavaScript/TypeScript, Python) and, for a manifest or lockfile, dependencies with known ' +
      'OSV advisories. The path must be inside security.files.roots; binary files are refused.',
    input: z.object({
      path: z.string().min(1).max(4096).describe('File to scan, inside security.files.roots'),
      analyses: z
        .array(z.enum(FILE_ANALYSES))
        .min(1)
        .default([...FILE_ANALYSES])
        .describe('Analyzers to run (default all): secrets, sast, deps'),
      ...scanFilterShape,
    }),
    output: z.object({
      file: z.string().describe('Path relative to the file root that holds it'),
      language: z.string().nullable(),
      sizeBytes: z.number().int(),
      analyses: z.array(z.enum(FILE_ANALYSES)).describe('Analyzers that ran (sast only for its languages, deps only for manifests)'),
      dependencies: z.number().int().describe('Dependencies declared in the file (manifests and lockfiles)'),
      ...findingsSummaryShape,
    }),
    permission: 'security:read',
    effects: 'read',
    example: { path: 'services/api/src/db.ts' },
    render: (o) => `${o.file} (${o.language ?? 'unknown language'}, ${o.analyses.join(', ')})\n${renderFindings(o)}`,
    run: async (input) => {
      const real = await deps.files.resolve(input.path);
      const bytes = await deps.files.readFile(real, { maxBytes: deps.maxFileBytes });
      if (isBinary(bytes)) throw new AppError('E_VALIDATION', `"${input.path}" is a binary file; only text files are scanned.`);
      const root = deps.files.roots.find((r) => isWithin(r, real, deps.files.caseInsensitive)) ?? real;
      const file = relative(root, real).split(sep).join('/') || real.split(sep).pop() || input.path;
      const { text } = decodeText(bytes);
      const language = detectLanguage(file, text.slice(0, 256).split('\n', 1)[0] ?? '')?.name ?? null;
      const on = new Set(input.analyses);
      const ran: Array<(typeof FILE_ANALYSES)[number]> = [];
      const findings: Finding[] = [];
      if (on.has('secrets')) {
        findings.push(...scanSecrets({ path: file, content: text }));
        ran.push('secrets');
      }
      if (on.has('sast') && sastGrammarFor(language ?? undefined) && bytes.length <= deps.parseMaxBytes) {
        await loadSastGrammars();
        findings.push(...runSast({ path: file, language: language ?? undefined, content: text }));
        ran.push('sast');
      }
      let dependencies = 0;
      if (on.has('deps') && isDependencyFile(file)) {
        const declared = parseDependencies([{ path: file, content: text }]);
        dependencies = declared.length;
        if (deps.advisories) findings.push(...(await matchAdvisories(declared, deps.advisories)));
        ran.push('deps');
      }
      return {
        file,
        language,
        sizeBytes: bytes.length,
        analyses: ran,
        dependencies,
        ...summarizeFindings(findings, input.minSeverity, input.limit),
      };
    },
  });
}
