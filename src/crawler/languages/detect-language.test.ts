import { describe, expect, it } from 'vitest';
import { detectLanguage, interpreterOf, languageFromPath } from './detect-language.js';

describe('detectLanguage', () => {
  it('detects by extension, case-insensitively', () => {
    expect(languageFromPath('src/A.TS')?.name).toBe('TypeScript');
  });

  it('prefers the longest extension', () => {
    expect(languageFromPath('x.d.ts')?.name).toBe('TypeScript');
  });

  it('detects by file name', () => {
    expect(languageFromPath('sub/Makefile')?.name).toBe('Makefile');
    expect(languageFromPath('Dockerfile')?.name).toBe('Dockerfile');
  });

  it('detects by shebang when the name says nothing', () => {
    expect(detectLanguage('bin/run', '#!/usr/bin/env node')?.name).toBe('JavaScript');
    expect(detectLanguage('bin/tool', '#!/usr/bin/python3.11 -u')?.name).toBe('Python');
  });

  it('reads env -S shebangs', () => {
    expect(interpreterOf('#!/usr/bin/env -S bash -e')).toBe('bash');
  });

  it('returns undefined for unknown files', () => {
    expect(detectLanguage('LICENSE', 'MIT License')).toBeUndefined();
  });
});
