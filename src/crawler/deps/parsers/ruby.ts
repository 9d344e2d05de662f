/**
 * Ruby: Gemfile.lock. Registry gems are the `specs:` of the GEM section (GIT and PATH sources are skipped);
 * the DEPENDENCIES section lists the ones the Gemfile names.
 */
import type { DependencyFile } from '../types.js';
import type { RawDependency } from './raw.js';

// Platform suffixes Bundler appends to a version ("1.13.1-x86_64-linux", "1.6.0-java", "2.0.0-arm64-darwin-21").
const PLATFORM = /^(.+?)-((?:x86|x64|i386|i686|arm|aarch64|universal|java|jruby|mingw|mswin|darwin|linux|freebsd|solaris|wasm)\S*)$/i;

/** Registry gems of a Gemfile.lock, direct when listed under DEPENDENCIES. */
export function parseGemfileLock(file: DependencyFile): RawDependency[] {
  const lines = file.content.split(/\r?\n/);
  const direct = new Set<string>();
  const specs: Array<{ name: string; version: string; line: number }> = [];
  let section = '';
  let inSpecs = false;
  lines.forEach((line, i) => {
    if (/^\S/.test(line)) {
      section = line.trim();
      inSpecs = false;
      return;
    }
    if (section === 'GEM' && /^ {2}specs:\s*$/.test(line)) {
      inSpecs = true;
      return;
    }
    if (section === 'GEM' && inSpecs) {
      const m = /^ {4}([^\s(]+) \(([^)]+)\)\s*$/.exec(line);
      if (m) {
        const raw = m[2] as string;
        specs.push({ name: m[1] as string, version: PLATFORM.exec(raw)?.[1] ?? raw, line: i + 1 });
      }
    }
    if (section === 'DEPENDENCIES') {
      const m = /^ {2}([^\s(!]+)/.exec(line);
      if (m) direct.add(m[1] as string);
    }
  });
  const seen = new Set<string>();
  const out: RawDependency[] = [];
  for (const s of specs) {
    const key = `${s.name}@${s.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ecosystem: 'RubyGems', name: s.name, version: s.version, direct: direct.has(s.name), file: file.path, line: s.line });
  }
  return out;
}
