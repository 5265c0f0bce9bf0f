/**
 * Keyboard navigation of the lineage graph: from the selected node, the arrow keys move to the next node
 * in that direction. Left and Right prefer the node's own upstream and downstream (the nearest one by
 * height), then any node on that side; Up and Down stay in the column. Pure, unit-tested.
 */

export type Direction = 'left' | 'right' | 'up' | 'down';

export interface NavigableLayout {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  nodeWidth: number;
  nodeHeight: number;
  edges: readonly { source: number; target: number }[];
}

export function directionOfKey(key: string): Direction | undefined {
  switch (key) {
    case 'ArrowLeft':
      return 'left';
    case 'ArrowRight':
      return 'right';
    case 'ArrowUp':
      return 'up';
    case 'ArrowDown':
      return 'down';
    default:
      return undefined;
  }
}

/** The node to select after pressing `direction` on `from`, or `from` when there is none that way. */
export function nextNode(layout: NavigableLayout, from: number, direction: Direction): number {
  const count = layout.x.length;
  if (from < 0 || from >= count) return count > 0 ? 0 : -1;
  const cx = (i: number) => layout.x[i]! + layout.nodeWidth / 2;
  const cy = (i: number) => layout.y[i]! + layout.nodeHeight / 2;
  const x0 = cx(from);
  const y0 = cy(from);
  if (direction === 'left' || direction === 'right') {
    const linked = layout.edges
      .filter((edge) => (direction === 'left' ? edge.target === from : edge.source === from))
      .map((edge) => (direction === 'left' ? edge.source : edge.target))
      .filter((i) => i !== from && (direction === 'left' ? cx(i) < x0 : cx(i) > x0));
    if (linked.length > 0) {
      return linked.reduce((best, i) => (Math.abs(cy(i) - y0) < Math.abs(cy(best) - y0) ? i : best));
    }
  }
  let best = from;
  let bestScore = Infinity;
  for (let i = 0; i < count; i++) {
    if (i === from) continue;
    const dx = cx(i) - x0;
    const dy = cy(i) - y0;
    const ahead = direction === 'left' ? -dx : direction === 'right' ? dx : direction === 'up' ? -dy : dy;
    const aside = direction === 'left' || direction === 'right' ? Math.abs(dy) : Math.abs(dx);
    if (ahead <= 0.5) continue;
    const score = ahead + 3 * aside;
    if (score < bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}
