/**
 * A uniform grid over the laid-out nodes: which node is under the mouse, and which nodes intersect the
 * visible rectangle, without scanning all of them. Pure, unit-tested.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export class SpatialIndex {
  private readonly cells = new Map<number, number[]>();
  private static readonly STRIDE = 1 << 20;

  constructor(
    private readonly xs: ArrayLike<number>,
    private readonly ys: ArrayLike<number>,
    private readonly nodeWidth: number,
    private readonly nodeHeight: number,
    private readonly cellSize = 256,
  ) {
    for (let i = 0; i < xs.length; i++) {
      const x0 = Math.floor(xs[i]! / cellSize);
      const x1 = Math.floor((xs[i]! + nodeWidth) / cellSize);
      const y0 = Math.floor(ys[i]! / cellSize);
      const y1 = Math.floor((ys[i]! + nodeHeight) / cellSize);
      for (let gx = x0; gx <= x1; gx++) {
        for (let gy = y0; gy <= y1; gy++) {
          const key = this.key(gx, gy);
          const list = this.cells.get(key);
          if (list) list.push(i);
          else this.cells.set(key, [i]);
        }
      }
    }
  }

  private key(gx: number, gy: number): number {
    return gx * SpatialIndex.STRIDE + gy;
  }

  /** The node whose box contains the point, or -1. */
  hit(px: number, py: number): number {
    const list = this.cells.get(this.key(Math.floor(px / this.cellSize), Math.floor(py / this.cellSize)));
    if (!list) return -1;
    for (const i of list) {
      const x = this.xs[i]!;
      const y = this.ys[i]!;
      if (px >= x && px <= x + this.nodeWidth && py >= y && py <= y + this.nodeHeight) return i;
    }
    return -1;
  }

  /** The nodes whose boxes intersect `rect` (each once). Falls back to a scan for huge rectangles. */
  query(rect: Rect): number[] {
    const x0 = Math.floor(rect.x / this.cellSize);
    const x1 = Math.floor((rect.x + rect.width) / this.cellSize);
    const y0 = Math.floor(rect.y / this.cellSize);
    const y1 = Math.floor((rect.y + rect.height) / this.cellSize);
    const result: number[] = [];
    const inside = (i: number): boolean =>
      this.xs[i]! <= rect.x + rect.width &&
      this.xs[i]! + this.nodeWidth >= rect.x &&
      this.ys[i]! <= rect.y + rect.height &&
      this.ys[i]! + this.nodeHeight >= rect.y;
    if ((x1 - x0 + 1) * (y1 - y0 + 1) > this.cells.size) {
      for (let i = 0; i < this.xs.length; i++) if (inside(i)) result.push(i);
      return result;
    }
    const seen = new Set<number>();
    for (let gx = x0; gx <= x1; gx++) {
      for (let gy = y0; gy <= y1; gy++) {
        const list = this.cells.get(this.key(gx, gy));
        if (!list) continue;
        for (const i of list) {
          if (!seen.has(i) && inside(i)) {
            seen.add(i);
            result.push(i);
          }
        }
      }
    }
    return result;
  }
}
