/**
 * Clusters of near-duplicate code: items (files or functions) whose SimHashes differ in at most
 * `maxDistance` bits. Candidates come from 4 bands of 16 bits (by pigeonhole, any pair within 3 bits shares a
 * band), so the work grows with the number of items, not its square.
 */
import { hammingDistance } from './simhash.js';

/** Something that may have copies: a file or a function. */
export interface DuplicateCandidate {
  file: string;
  /** Function name; absent for whole files. */
  name?: string;
  startLine: number;
  endLine: number;
  simhash: string;
  tokens: number;
}

/** A group of near-copies. */
export interface DuplicateCluster {
  kind: 'file' | 'function';
  /** Lowest pairwise similarity that joined the cluster (1 = identical token shingles). */
  similarity: number;
  members: DuplicateCandidate[];
}

/** Options of the clustering. */
export interface FindDuplicatesOptions {
  /** At most this many differing bits of 64 (≤ 3 is exact with 4 bands). Default 3. */
  maxDistance?: number;
  /** Largest bucket compared pairwise; bigger buckets (boilerplate) are compared to their first members only. */
  maxBucket?: number;
  /** Keep the largest clusters first, at most this many. Default 200. */
  limit?: number;
}

/** Group near-duplicate candidates of one kind into clusters of two or more. */
export function findDuplicates(
  kind: 'file' | 'function',
  items: readonly DuplicateCandidate[],
  options: FindDuplicatesOptions = {},
): DuplicateCluster[] {
  const maxDistance = Math.min(options.maxDistance ?? 3, 3);
  const maxBucket = options.maxBucket ?? 200;
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i] as number] as number;
      i = parent[i] as number;
    }
    return i;
  };
  const minSimilarity = new Map<number, number>();
  const join = (a: number, b: number, similarity: number) => {
    const ra = find(a);
    const rb = find(b);
    const s = Math.min(similarity, minSimilarity.get(ra) ?? 1, minSimilarity.get(rb) ?? 1);
    if (ra !== rb) parent[rb] = ra;
    minSimilarity.set(ra, s);
  };
  for (let band = 0; band < 4; band++) {
    const buckets = new Map<string, number[]>();
    items.forEach((item, i) => {
      const key = item.simhash.slice(band * 4, band * 4 + 4);
      const list = buckets.get(key);
      if (list) list.push(i);
      else buckets.set(key, [i]);
    });
    for (const list of buckets.values()) {
      if (list.length < 2) continue;
      const anchors = list.length > maxBucket ? list.slice(0, 8) : list;
      for (let x = 0; x < anchors.length; x++) {
        const a = anchors[x] as number;
        for (let y = list.length > maxBucket ? 0 : x + 1; y < list.length; y++) {
          const b = list[y] as number;
          if (a === b || find(a) === find(b)) continue;
          const d = hammingDistance((items[a] as DuplicateCandidate).simhash, (items[b] as DuplicateCandidate).simhash);
          if (d <= maxDistance && !sameSpan(items[a] as DuplicateCandidate, items[b] as DuplicateCandidate)) join(a, b, 1 - d / 64);
        }
      }
    }
  }
  const groups = new Map<number, DuplicateCandidate[]>();
  items.forEach((item, i) => {
    const r = find(i);
    if (r === i && !minSimilarity.has(r)) return;
    const g = groups.get(r);
    if (g) g.push(item);
    else groups.set(r, [item]);
  });
  const clusters: DuplicateCluster[] = [];
  for (const [root, members] of groups) {
    if (members.length < 2) continue;
    members.sort((a, b) => a.file.localeCompare(b.file) || a.startLine - b.startLine);
    clusters.push({ kind, similarity: Math.round((minSimilarity.get(root) ?? 1) * 1000) / 1000, members });
  }
  return clusters
    .sort((a, b) => b.members.length * (b.members[0]?.tokens ?? 0) - a.members.length * (a.members[0]?.tokens ?? 0))
    .slice(0, options.limit ?? 200);
}

function sameSpan(a: DuplicateCandidate, b: DuplicateCandidate): boolean {
  return a.file === b.file && a.startLine <= b.endLine && b.startLine <= a.endLine;
}
