/**
 * Average-linkage agglomerative clustering over an agreement matrix: merge the two most similar groups while
 * their mean pairwise similarity reaches the threshold. Fine for the handful of answers a panel produces.
 */

/** A group of answers (indices into the matrix) and its most central member. */
export interface Cluster {
  members: number[];
  /** The member with the highest total similarity to the others. */
  medoid: number;
  /** Mean pairwise similarity inside the cluster (1 for a single member). */
  cohesion: number;
}

function meanLink(m: readonly number[][], a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (const i of a) for (const j of b) sum += m[i]?.[j] ?? 0;
  return sum / (a.length * b.length);
}

function describe(m: readonly number[][], members: number[]): Cluster {
  let medoid = members[0] as number;
  let best = Number.NEGATIVE_INFINITY;
  let pairSum = 0;
  for (const i of members) {
    let total = 0;
    for (const j of members) if (i !== j) total += m[i]?.[j] ?? 0;
    pairSum += total;
    if (total > best) {
      best = total;
      medoid = i;
    }
  }
  const pairs = members.length * (members.length - 1);
  return { members: members.slice().sort((x, y) => x - y), medoid, cohesion: pairs === 0 ? 1 : pairSum / pairs };
}

/** Clusters of the matrix's items at `threshold`, largest first (ties: more cohesive first). */
export function clusterByAgreement(m: readonly number[][], threshold: number): Cluster[] {
  let groups: number[][] = m.map((_, i) => [i]);
  for (;;) {
    let best = { a: -1, b: -1, s: Number.NEGATIVE_INFINITY };
    for (let a = 0; a < groups.length; a++) {
      for (let b = a + 1; b < groups.length; b++) {
        const s = meanLink(m, groups[a] as number[], groups[b] as number[]);
        if (s > best.s) best = { a, b, s };
      }
    }
    if (best.a < 0 || best.s < threshold) break;
    const merged = [...(groups[best.a] as number[]), ...(groups[best.b] as number[])];
    groups = groups.filter((_, i) => i !== best.a && i !== best.b);
    groups.push(merged);
  }
  return groups.map((g) => describe(m, g)).sort((x, y) => y.members.length - x.members.length || y.cohesion - x.cohesion);
}
