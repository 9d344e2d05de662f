/**
 * `supply_chain_dependency_tree`: who pulls in what. Built from the npm lockfile with Node's resolution (nearest
 * node_modules up the install path); other ecosystems' lockfiles record no edges, so they are listed flat.
 */
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { SupplyChainDeps } from './deps.js';
import { type LockPackage, type NpmLockfile, resolvePackage } from './npm-lockfile.js';
import { loadProject } from './project.js';

const node = z.object({
  id: z.string().describe('Install path in the lockfile, e.g. node_modules/a/node_modules/b'),
  name: z.string(),
  version: z.string().optional(),
  dev: z.boolean(),
  optional: z.boolean(),
  depth: z.number().int().describe('Shortest distance from the project (1 = direct)'),
  dependencies: z.array(z.string()).describe('Ids this package resolves its requirements to'),
  missing: z.array(z.string()).describe('Required names that resolve to nothing (peer dependencies excepted)'),
});
/** One package in the tree. */
export type TreeNode = z.infer<typeof node>;

/** The graph reachable from the project's own requirements, breadth first, at most `maxDepth` deep. */
export function buildTree(lock: NpmLockfile, options: { includeDev: boolean; maxDepth: number; focus?: string }) {
  const nodes = new Map<string, TreeNode>();
  const roots: string[] = [];
  const missingRoots: string[] = [];
  let queue: LockPackage[] = [];
  for (const [name, req] of Object.entries(lock.rootRequires).sort(([a], [b]) => a.localeCompare(b))) {
    if (req.dev && !options.includeDev) continue;
    const p = resolvePackage(lock, '', name);
    if (!p) {
      if (!req.optional) missingRoots.push(name);
      continue;
    }
    roots.push(p.key);
    if (!nodes.has(p.key)) {
      nodes.set(p.key, toNode(p, 1));
      queue.push(p);
    }
  }
  let depth = 1;
  while (queue.length > 0 && depth < options.maxDepth) {
    const next: LockPackage[] = [];
    for (const p of queue) {
      const self = nodes.get(p.key) as TreeNode;
      for (const name of Object.keys(p.requires).sort()) {
        const child = resolvePackage(lock, p.key, name);
        if (!child) {
          if (!p.peers.has(name)) self.missing.push(name);
          continue;
        }
        self.dependencies.push(child.key);
        if (!nodes.has(child.key)) {
          nodes.set(child.key, toNode(child, depth + 1));
          next.push(child);
        }
      }
    }
    queue = next;
    depth++;
  }
  const truncated = queue.some((p) => Object.keys(p.requires).length > 0);
  let list = [...nodes.values()];
  if (options.focus) list = pathsTo(list, roots, options.focus);
  return { roots: roots.filter((r) => list.some((n) => n.id === r)), missingRoots, nodes: list, truncated };
}

function toNode(p: LockPackage, depth: number): TreeNode {
  return {
    id: p.key,
    name: p.name,
    ...(p.version ? { version: p.version } : {}),
    dev: p.dev,
    optional: p.optional,
    depth,
    dependencies: [],
    missing: [],
  };
}

/** Only the nodes on some path from a root to a package named `name` (why is it installed?). */
function pathsTo(nodes: TreeNode[], roots: string[], name: string): TreeNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const keep = new Set<string>();
  const leads = (id: string, seen: Set<string>): boolean => {
    if (keep.has(id)) return true;
    if (seen.has(id)) return false;
    seen.add(id);
    const n = byId.get(id);
    if (!n) return false;
    const found = n.name === name;
    const viaChild = n.dependencies.map((c) => leads(c, seen)).some(Boolean);
    if (found || viaChild) keep.add(id);
    return found || viaChild;
  };
  for (const r of roots) leads(r, new Set());
  return nodes.filter((n) => keep.has(n.id)).map((n) => ({ ...n, dependencies: n.dependencies.filter((c) => keep.has(c)) }));
}

/** Indented text of the tree (each package expanded once; repeats marked "(see above)"). */
function renderTree(o: { roots: string[]; nodes: TreeNode[] }, maxLines = 400): string {
  const byId = new Map(o.nodes.map((n) => [n.id, n]));
  const lines: string[] = [];
  const shown = new Set<string>();
  const walk = (id: string, indent: string) => {
    if (lines.length >= maxLines) return;
    const n = byId.get(id);
    if (!n) return;
    const again = shown.has(id);
    lines.push(`${indent}${n.name}@${n.version ?? '?'}${n.dev ? ' (dev)' : ''}${again && n.dependencies.length ? ' (see above)' : ''}`);
    if (again) return;
    shown.add(id);
    for (const c of n.dependencies) walk(c, `${indent}  `);
  };
  for (const r of o.roots) walk(r, '');
  if (lines.length >= maxLines) lines.push('…');
  return lines.join('\n');
}

/** The dependency tree operation. */
export function dependencyTreeOp(deps: SupplyChainDeps): Operation {
  return defineOperation({
    name: 'supply_chain_dependency_tree',
    title: 'Dependency tree',
    description:
      'The dependency graph of an npm project from its package-lock.json / npm-shrinkwrap.json (v1–v3), resolved as Node resolves modules: ' +
      'each package with the packages it uses and the requirements that resolve to nothing. `focus` keeps only the paths to one package ' +
      '(why is it installed?). Other ecosystems record no edges in their lockfiles and are refused.',
    input: z.object({
      path: z.string().min(1).max(4096).describe('Project directory inside security.files.roots'),
      includeDev: z.boolean().default(true).describe('Include devDependencies and what they pull in'),
      maxDepth: z.number().int().min(1).max(100).default(50).describe('Levels below the project to follow (1 = direct only)'),
      focus: z.string().min(1).max(214).optional().describe('Only the paths from the project to this package name'),
    }),
    output: z.object({
      root: z.string(),
      lockfile: z.string(),
      roots: z.array(z.string()).describe('Ids of the direct dependencies'),
      missingRoots: z.array(z.string()).describe('Direct requirements the lockfile does not hold'),
      nodes: z.array(node),
      truncated: z.boolean().describe('True when maxDepth stopped the walk'),
    }),
    permission: 'supply_chain:read',
    effects: 'read',
    example: { path: 'services/api', focus: 'minimist' },
    render: renderTree,
    run: async (input) => {
      const project = await loadProject(deps.files, input.path);
      if (!project.npmLock) {
        const found = project.files.map((f) => f.path).join(', ');
        throw new AppError(
          'E_VALIDATION',
          `No package-lock.json or npm-shrinkwrap.json in "${input.path}" (found ${found}); the tree needs an npm lockfile. Run npm install --package-lock-only, or use supply_chain_sbom for a flat list.`,
        );
      }
      const tree = buildTree(project.npmLock, {
        includeDev: input.includeDev,
        maxDepth: input.maxDepth,
        ...(input.focus ? { focus: input.focus } : {}),
      });
      return { root: project.root, lockfile: project.npmLock.file, ...tree };
    },
  });
}
