/**
 * Lockfile entries for verification, from every lockfile format code-engine reads: npm (package-lock.json,
 * npm-shrinkwrap.json), Yarn classic and Berry (yarn.lock) and pnpm (pnpm-lock.yaml). Each entry says where a
 * package is downloaded from and which hash pins it.
 */
import type { NpmLockfile } from './npm-lockfile.js';

/** Lockfile formats. */
export const LOCKFILE_FORMATS = ['npm', 'yarn-classic', 'yarn-berry', 'pnpm'] as const;
/** A lockfile format. */
export type LockfileFormat = (typeof LOCKFILE_FORMATS)[number];

/** Lockfile names in the order a directory's lockfile is chosen. */
export const LOCKFILE_NAMES: Readonly<Record<string, LockfileFormat | 'yarn'>> = {
  'npm-shrinkwrap.json': 'npm',
  'package-lock.json': 'npm',
  'yarn.lock': 'yarn',
  'pnpm-lock.yaml': 'pnpm',
};

/** One resolved package of a lockfile. */
export interface LockEntry {
  name: string;
  version?: string;
  /** Where it is fetched from: a tarball URL, git URL, `file:`/relative path, or a protocol reference (Berry). */
  resolved?: string;
  /** SRI string ("sha512-…"), or Berry's hex checksum prefixed "berry:". */
  integrity?: string;
  line?: number;
  /** A workspace package or link: nothing is downloaded. */
  local?: boolean;
}

/** Entries of an npm lockfile: links, workspace folders and bundled packages download nothing of their own. */
export function npmEntries(lock: NpmLockfile): LockEntry[] {
  return lock.packages
    .filter((p) => !p.link && !p.bundled && p.key.includes('node_modules/'))
    .map((p) => ({
      name: p.name,
      ...(p.version ? { version: p.version } : {}),
      ...(p.resolved ? { resolved: p.resolved } : {}),
      ...(p.integrity ? { integrity: p.integrity } : {}),
      ...(p.line !== undefined ? { line: p.line } : {}),
    }));
}

const unquote = (s: string) => s.trim().replace(/^"(.*)"$/, '$1');

/** The package name of a Yarn descriptor such as `"@babel/core@^7.0.0"` or `lodash@npm:^4.17.0`. */
function descriptorName(descriptor: string): string {
  const d = unquote(descriptor.split(',')[0] ?? '');
  const at = d.indexOf('@', 1);
  return at === -1 ? d : d.slice(0, at);
}

/** Entries of a yarn.lock, classic (v1) or Berry (a `__metadata:` block). */
export function yarnEntries(text: string): { format: 'yarn-classic' | 'yarn-berry'; version: string | null; entries: LockEntry[] } {
  const berry = /^__metadata:/m.test(text);
  const entries: LockEntry[] = [];
  let current: LockEntry | undefined;
  let metadata = false;
  let version: string | null = berry ? null : '1';
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    if (!/^\s/.test(line)) {
      metadata = line.startsWith('__metadata:');
      current = metadata ? undefined : { name: descriptorName(line.replace(/:$/, '')), line: i + 1 };
      if (current) entries.push(current);
      return;
    }
    const field = /^ {2}([\w-]+):?\s+(.*)$/.exec(line);
    if (!field) return;
    const [, key, raw = ''] = field;
    const value = unquote(raw);
    if (metadata) {
      if (key === 'version') version = value;
      return;
    }
    if (!current) return;
    if (key === 'version') current.version = value;
    else if (key === 'resolved') current.resolved = value;
    else if (key === 'integrity') current.integrity = value;
    else if (key === 'checksum') current.integrity = `berry:${value}`;
    else if (key === 'resolution') {
      const protocol = value.slice(value.indexOf('@', 1) + 1);
      current.resolved = protocol;
      if (/^(workspace|link|portal):/.test(protocol)) current.local = true;
    } else if (key === 'linkType' && value === 'soft') current.local = true;
  });
  return { format: berry ? 'yarn-berry' : 'yarn-classic', version, entries };
}

/** Entries of a pnpm-lock.yaml (v5 "/name/1.0.0", v6 "/name@1.0.0", v9 "name@1.0.0" keys). */
export function pnpmEntries(text: string): { version: string | null; entries: LockEntry[] } {
  const version = /^lockfileVersion:\s*'?([\d.]+)'?/m.exec(text)?.[1] ?? null;
  const entries: LockEntry[] = [];
  let inPackages = false;
  let current: LockEntry | undefined;
  text.split(/\r?\n/).forEach((line, i) => {
    if (/^\S/.test(line)) {
      inPackages = line.startsWith('packages:');
      current = undefined;
      return;
    }
    if (!inPackages) return;
    const key = /^ {2}(\S.*):\s*$/.exec(line);
    if (key) {
      const id = unquote(key[1] ?? '')
        .replace(/^\//, '')
        .replace(/\(.*$/, '');
      const m = /^(@?[^@/]+(?:\/[^@/]+)?)[@/](.+)$/.exec(id);
      // v5 appends peer resolutions to the version with "_".
      const v = m?.[2]?.replace(/_.*$/, '');
      current = { name: m?.[1] ?? id, ...(v ? { version: v } : {}), line: i + 1 };
      entries.push(current);
      return;
    }
    const resolution = /^ {4}resolution:\s*\{(.*)\}\s*$/.exec(line);
    if (!resolution || !current) return;
    const fields = Object.fromEntries(
      (resolution[1] ?? '').split(',').map((kv) => {
        const at = kv.indexOf(':');
        return [
          kv.slice(0, at).trim(),
          unquote(
            kv
              .slice(at + 1)
              .trim()
              .replace(/^'(.*)'$/, '$1'),
          ),
        ];
      }),
    );
    if (fields.integrity) current.integrity = fields.integrity;
    if (fields.tarball) current.resolved = fields.tarball;
    if (fields.type === 'git' || fields.repo) current.resolved = `git+${fields.repo ?? ''}#${fields.commit ?? ''}`;
    if (fields.directory) {
      current.resolved = `file:${fields.directory}`;
      current.local = true;
    }
  });
  return { version, entries };
}
