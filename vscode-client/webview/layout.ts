/**
 * Layered layout of the asset graph for the lineage view, grouped by asset group.
 *
 * Data flows left to right: a node's column (rank) is its longest upstream path, source assets sit just
 * left of their first consumer, and cycles (a check error, still drawn) are broken by reversing the DFS
 * back edges. Each group is a horizontal band (swimlane); inside a band, each rank's nodes are ordered by
 * barycenter sweeps to reduce crossings, and tall columns wrap into sub-columns so that a big graph stays
 * roughly as wide as it is tall. Everything is linear or N log N (10k nodes lay out in tens of ms) and
 * pure: no DOM, unit-tested under Node.
 */

export interface LayoutNodeInput {
  id: string;
  group: string;
}

export interface LayoutEdgeInput {
  source: string;
  target: string;
}

export interface LayoutOptions {
  nodeWidth: number;
  nodeHeight: number;
  columnGap: number;
  subColumnGap: number;
  rowGap: number;
  bandPadding: number;
  /** Room above a band's nodes for its title (the group's name), so that the title never covers a node. */
  bandTitle: number;
  bandGap: number;
  /** Barycenter sweeps (each one down and one up). */
  sweeps: number;
  /** Rows before a column wraps; default grows with the square root of the node count. */
  maxRows?: number;
}

export const DEFAULT_LAYOUT_OPTIONS: LayoutOptions = {
  nodeWidth: 196,
  nodeHeight: 30,
  columnGap: 72,
  subColumnGap: 16,
  rowGap: 10,
  bandPadding: 14,
  bandTitle: 26,
  bandGap: 14,
  sweeps: 3,
};

export interface LayoutEdge {
  source: number;
  target: number;
  /** Reversed to break a cycle (drawn as such). */
  back: boolean;
}

export interface Band {
  group: string;
  y: number;
  height: number;
  /** Height of the title strip at the top of the band (no node is there). */
  title: number;
  count: number;
}

export interface Layout {
  /** Top-left corner of node i (input order). */
  x: Float64Array;
  y: Float64Array;
  rank: Int32Array;
  band: Int32Array;
  width: number;
  height: number;
  nodeWidth: number;
  nodeHeight: number;
  bands: Band[];
  edges: LayoutEdge[];
  /** Self-dependencies (node indices), drawn as loops. */
  selfLoops: number[];
  indexOf: Map<string, number>;
}

interface Csr {
  offsets: Int32Array;
  targets: Int32Array;
}

function buildCsr(count: number, from: Int32Array, to: Int32Array): Csr {
  const offsets = new Int32Array(count + 1);
  for (let i = 0; i < from.length; i++) offsets[from[i]! + 1]!++;
  for (let i = 0; i < count; i++) offsets[i + 1]! += offsets[i]!;
  const fill = offsets.slice(0, count);
  const targets = new Int32Array(from.length);
  for (let i = 0; i < from.length; i++) targets[fill[from[i]!]!++] = to[i]!;
  return { offsets, targets };
}

/** Marks the edges that close a cycle (iterative DFS: a 10k-long chain must not overflow the stack). */
function findBackEdges(count: number, out: Csr, edgeFrom: Int32Array, edgeTo: Int32Array): Uint8Array {
  const state = new Uint8Array(count); // 0 new, 1 on stack, 2 done
  const backPairs = new Set<number>();
  const stackNode = new Int32Array(count);
  const stackNext = new Int32Array(count);
  for (let root = 0; root < count; root++) {
    if (state[root] !== 0) continue;
    let top = 0;
    stackNode[0] = root;
    stackNext[0] = out.offsets[root]!;
    state[root] = 1;
    while (top >= 0) {
      const node = stackNode[top]!;
      const next = stackNext[top]!;
      if (next < out.offsets[node + 1]!) {
        stackNext[top] = next + 1;
        const child = out.targets[next]!;
        if (state[child] === 0) {
          state[child] = 1;
          top++;
          stackNode[top] = child;
          stackNext[top] = out.offsets[child]!;
        } else if (state[child] === 1) {
          backPairs.add(node * count + child);
        }
      } else {
        state[node] = 2;
        top--;
      }
    }
  }
  const back = new Uint8Array(edgeFrom.length);
  if (backPairs.size > 0) {
    for (let i = 0; i < edgeFrom.length; i++) {
      if (backPairs.has(edgeFrom[i]! * count + edgeTo[i]!)) back[i] = 1;
    }
  }
  return back;
}

/** Longest-path ranks over the acyclic edges; sources are pulled next to their first consumer. */
function assignRanks(count: number, dagFrom: Int32Array, dagTo: Int32Array): Int32Array {
  const out = buildCsr(count, dagFrom, dagTo);
  const indegree = new Int32Array(count);
  for (let i = 0; i < dagTo.length; i++) indegree[dagTo[i]!]!++;
  const order = new Int32Array(count);
  let head = 0;
  let tail = 0;
  for (let v = 0; v < count; v++) if (indegree[v] === 0) order[tail++] = v;
  const rank = new Int32Array(count);
  while (head < tail) {
    const v = order[head++]!;
    for (let e = out.offsets[v]!; e < out.offsets[v + 1]!; e++) {
      const w = out.targets[e]!;
      if (rank[v]! + 1 > rank[w]!) rank[w] = rank[v]! + 1;
      if (--indegree[w]! === 0) order[tail++] = w;
    }
  }
  const hasPredecessor = new Uint8Array(count);
  for (let i = 0; i < dagTo.length; i++) hasPredecessor[dagTo[i]!] = 1;
  for (let v = 0; v < count; v++) {
    if (hasPredecessor[v] || out.offsets[v] === out.offsets[v + 1]) continue;
    let nearest = Infinity;
    for (let e = out.offsets[v]!; e < out.offsets[v + 1]!; e++) nearest = Math.min(nearest, rank[out.targets[e]!]!);
    rank[v] = Math.max(0, nearest - 1);
  }
  // Compact: no empty columns.
  const used = Array.from(new Set(rank)).sort((a, b) => a - b);
  const remap = new Map(used.map((r, i) => [r, i]));
  for (let v = 0; v < count; v++) rank[v] = remap.get(rank[v]!)!;
  return rank;
}

function orderBands(groups: string[], bandOf: Int32Array, rank: Int32Array): number[] {
  const minRank = new Array<number>(groups.length).fill(Infinity);
  const size = new Array<number>(groups.length).fill(0);
  for (let v = 0; v < bandOf.length; v++) {
    const b = bandOf[v]!;
    minRank[b] = Math.min(minRank[b]!, rank[v]!);
    size[b]!++;
  }
  return groups
    .map((_, b) => b)
    .sort((a, b) => minRank[a]! - minRank[b]! || size[b]! - size[a]! || (groups[a]! < groups[b]! ? -1 : groups[a]! > groups[b]! ? 1 : 0));
}

export function layoutGraph(
  nodes: readonly LayoutNodeInput[],
  edges: readonly LayoutEdgeInput[],
  options: Partial<LayoutOptions> = {},
): Layout {
  const opt: LayoutOptions = { ...DEFAULT_LAYOUT_OPTIONS, ...options };
  const count = nodes.length;
  const indexOf = new Map<string, number>();
  nodes.forEach((node, i) => {
    if (!indexOf.has(node.id)) indexOf.set(node.id, i);
  });

  // Edges between known nodes, without duplicates; self-dependencies apart.
  const seen = new Set<number>();
  const fromList: number[] = [];
  const toList: number[] = [];
  const selfLoops: number[] = [];
  for (const edge of edges) {
    const s = indexOf.get(edge.source);
    const t = indexOf.get(edge.target);
    if (s === undefined || t === undefined) continue;
    if (s === t) {
      if (!selfLoops.includes(s)) selfLoops.push(s);
      continue;
    }
    const pair = s * count + t;
    if (seen.has(pair)) continue;
    seen.add(pair);
    fromList.push(s);
    toList.push(t);
  }
  const edgeFrom = Int32Array.from(fromList);
  const edgeTo = Int32Array.from(toList);
  const back = findBackEdges(count, buildCsr(count, edgeFrom, edgeTo), edgeFrom, edgeTo);
  const dagFrom = new Int32Array(edgeFrom.length);
  const dagTo = new Int32Array(edgeFrom.length);
  for (let i = 0; i < edgeFrom.length; i++) {
    dagFrom[i] = back[i] ? edgeTo[i]! : edgeFrom[i]!;
    dagTo[i] = back[i] ? edgeFrom[i]! : edgeTo[i]!;
  }
  const rank = assignRanks(count, dagFrom, dagTo);
  let maxRank = 0;
  for (let v = 0; v < count; v++) maxRank = Math.max(maxRank, rank[v]!);

  // Bands (groups).
  const groupIndex = new Map<string, number>();
  const groups: string[] = [];
  const bandOfGroup = new Int32Array(count);
  nodes.forEach((node, v) => {
    let b = groupIndex.get(node.group);
    if (b === undefined) {
      b = groups.length;
      groups.push(node.group);
      groupIndex.set(node.group, b);
    }
    bandOfGroup[v] = b;
  });
  const bandOrder = orderBands(groups, bandOfGroup, rank);
  const bandPosition = new Int32Array(groups.length);
  bandOrder.forEach((b, position) => (bandPosition[b] = position));
  const band = new Int32Array(count);
  for (let v = 0; v < count; v++) band[v] = bandPosition[bandOfGroup[v]!]!;

  // Cells: (band, rank) -> nodes, in input order to start with.
  const bandCount = groups.length;
  const cells: number[][] = Array.from({ length: bandCount * (maxRank + 1) }, () => []);
  for (let v = 0; v < count; v++) cells[band[v]! * (maxRank + 1) + rank[v]!]!.push(v);
  const maxRows = opt.maxRows ?? Math.max(40, Math.ceil(Math.sqrt(count) * 1.2));
  const bandRows = new Int32Array(bandCount);
  for (let b = 0; b < bandCount; b++) {
    for (let r = 0; r <= maxRank; r++) bandRows[b] = Math.max(bandRows[b]!, Math.min(maxRows, cells[b * (maxRank + 1) + r]!.length));
  }
  const bandRowOffset = new Int32Array(bandCount);
  for (let b = 1; b < bandCount; b++) bandRowOffset[b] = bandRowOffset[b - 1]! + bandRows[b - 1]! + 2;

  // Barycenter sweeps on a global row coordinate.
  const row = new Float64Array(count);
  const place = (cell: number[], b: number): void => {
    const rows = bandRows[b]!;
    const inColumn = Math.min(rows, cell.length);
    const shift = (rows - inColumn) / 2;
    cell.forEach((v, i) => (row[v] = bandRowOffset[b]! + shift + (i % rows)));
  };
  for (let b = 0; b < bandCount; b++) for (let r = 0; r <= maxRank; r++) place(cells[b * (maxRank + 1) + r]!, b);
  const inCsr = buildCsr(count, edgeTo, edgeFrom);
  const outCsr = buildCsr(count, edgeFrom, edgeTo);
  const key = new Float64Array(count);
  const sortCell = (cell: number[], b: number, adjacency: Csr): void => {
    if (cell.length < 2) return;
    for (const v of cell) {
      let sum = 0;
      let n = 0;
      for (let e = adjacency.offsets[v]!; e < adjacency.offsets[v + 1]!; e++) {
        sum += row[adjacency.targets[e]!]!;
        n++;
      }
      key[v] = n > 0 ? sum / n : row[v]!;
    }
    cell.sort((p, q) => key[p]! - key[q]! || p - q);
    place(cell, b);
  };
  for (let sweep = 0; sweep < opt.sweeps; sweep++) {
    for (let r = 1; r <= maxRank; r++) for (let b = 0; b < bandCount; b++) sortCell(cells[b * (maxRank + 1) + r]!, b, inCsr);
    for (let r = maxRank - 1; r >= 0; r--) for (let b = 0; b < bandCount; b++) sortCell(cells[b * (maxRank + 1) + r]!, b, outCsr);
  }

  // Coordinates: a rank is as many sub-columns wide as its tallest cell needs.
  const rowPitch = opt.nodeHeight + opt.rowGap;
  const subPitch = opt.nodeWidth + opt.subColumnGap;
  const rankX = new Float64Array(maxRank + 2);
  rankX[0] = opt.bandPadding;
  for (let r = 0; r <= maxRank; r++) {
    let subColumns = 1;
    for (let b = 0; b < bandCount; b++) subColumns = Math.max(subColumns, Math.ceil(cells[b * (maxRank + 1) + r]!.length / bandRows[b]!));
    rankX[r + 1] = rankX[r]! + subColumns * subPitch - opt.subColumnGap + opt.columnGap;
  }
  const bandY = new Float64Array(bandCount);
  const bands: Band[] = [];
  let y = 0;
  for (let b = 0; b < bandCount; b++) {
    bandY[b] = y;
    const height = opt.bandTitle + opt.bandPadding * 2 + bandRows[b]! * rowPitch - opt.rowGap;
    bands.push({ group: groups[bandOrder[b]!]!, y, height, title: opt.bandTitle, count: 0 });
    y += height + opt.bandGap;
  }
  const x = new Float64Array(count);
  const yy = new Float64Array(count);
  for (let b = 0; b < bandCount; b++) {
    for (let r = 0; r <= maxRank; r++) {
      const cell = cells[b * (maxRank + 1) + r]!;
      const rows = bandRows[b]!;
      const inColumn = Math.min(rows, cell.length);
      const shift = ((rows - inColumn) / 2) * rowPitch;
      cell.forEach((v, i) => {
        x[v] = rankX[r]! + Math.floor(i / rows) * subPitch;
        yy[v] = bandY[b]! + opt.bandTitle + opt.bandPadding + shift + (i % rows) * rowPitch;
      });
      bands[b]!.count += cell.length;
    }
  }
  const width = count === 0 ? 0 : rankX[maxRank + 1]! - opt.columnGap + opt.bandPadding;
  const height = count === 0 ? 0 : y - opt.bandGap;
  const layoutEdges: LayoutEdge[] = [];
  for (let i = 0; i < edgeFrom.length; i++) layoutEdges.push({ source: edgeFrom[i]!, target: edgeTo[i]!, back: back[i] === 1 });
  return { x, y: yy, rank, band, width, height, nodeWidth: opt.nodeWidth, nodeHeight: opt.nodeHeight, bands, edges: layoutEdges, selfLoops, indexOf };
}
