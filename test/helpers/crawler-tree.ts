/**
 * Test helper: builds small source trees in temp dirs (optionally as git repositories with commits).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A temp tree; `cleanup` removes it. */
export interface TestTree {
  root: string;
  write(path: string, content: string | Uint8Array): void;
  git(...args: string[]): string;
  cleanup(): void;
}

/** Create a tree from `files` (path → content). */
export function createTestTree(files: Record<string, string | Uint8Array> = {}): TestTree {
  const root = mkdtempSync(join(tmpdir(), 'ce-crawl-'));
  const tree: TestTree = {
    root,
    write(path, content) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    },
    git(...args) {
      return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
        cwd: root,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: root, GIT_CONFIG_NOSYSTEM: '1' },
      });
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
  for (const [path, content] of Object.entries(files)) tree.write(path, content);
  return tree;
}

/** Sample sources used across crawler tests. */
export const SAMPLE = {
  ts: "import { x } from './x.js';\n// comment\nexport function f(a: number) {\n  if (a > 1) return a;\n  return 0;\n}\n",
  py: 'import os\n\n\ndef g(x):\n    """Doc."""\n    return 1 if x else 2\n',
  go: 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("hi") // greet\n}\n',
};
