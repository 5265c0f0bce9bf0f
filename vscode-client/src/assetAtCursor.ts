/**
 * Which asset the cursor is in, from the nodes of one file (their `range` is the function name) and,
 * when available, the document's symbols (whose ranges cover whole definitions). Pure logic.
 */
import type { GraphNode, WirePosition, WireRange } from './protocol';

export interface SymbolSpan {
  /** The whole definition. */
  range: WireRange;
  /** The name (what the graph node's range points at). */
  selectionRange: WireRange;
  children?: SymbolSpan[];
}

function compare(a: WirePosition, b: WirePosition): number {
  return a.line !== b.line ? a.line - b.line : a.character - b.character;
}

function contains(range: WireRange, position: WirePosition): boolean {
  return compare(range.start, position) <= 0 && compare(position, range.end) <= 0;
}

function overlaps(a: WireRange, b: WireRange): boolean {
  return compare(a.start, b.end) <= 0 && compare(b.start, a.end) <= 0;
}

/** Every symbol containing `position`, outermost first. */
function enclosingSymbols(symbols: readonly SymbolSpan[], position: WirePosition): SymbolSpan[] {
  const result: SymbolSpan[] = [];
  let level: readonly SymbolSpan[] | undefined = symbols;
  while (level && level.length > 0) {
    const hit: SymbolSpan | undefined = level.find((symbol) => contains(symbol.range, position));
    if (!hit) {
      break;
    }
    result.push(hit);
    level = hit.children;
  }
  return result;
}

/**
 * The node the cursor is in: the innermost enclosing symbol whose name is a node's range wins; without
 * one, the node whose name line is nearest above the cursor, provided that the cursor is not past a
 * following node (decorator lines just above a definition belong to it: up to `decoratorLines`).
 */
export function assetAtPosition(
  nodesInFile: readonly GraphNode[],
  position: WirePosition,
  symbols: readonly SymbolSpan[] = [],
  decoratorLines = 8,
): GraphNode | undefined {
  const located = nodesInFile.filter((node): node is GraphNode & { range: WireRange } => node.range !== null);
  if (located.length === 0) {
    return undefined;
  }
  const enclosing = enclosingSymbols(symbols, position);
  for (let i = enclosing.length - 1; i >= 0; i--) {
    const symbol = enclosing[i]!;
    const node = located.find((candidate) => overlaps(candidate.range, symbol.selectionRange));
    if (node) {
      return node;
    }
  }
  if (enclosing.length > 0 && symbols.length > 0) {
    // Inside a symbol that is no asset (a helper function, a class): no asset here.
    const outer = enclosing[0]!;
    if (!located.some((node) => overlaps(node.range, outer.range))) {
      return undefined;
    }
  }
  const sorted = [...located].sort((a, b) => compare(a.range.start, b.range.start));
  const next = sorted.find((node) => node.range.start.line >= position.line);
  if (next && next.range.start.line - position.line <= decoratorLines) {
    const previous = [...sorted].reverse().find((node) => node.range.start.line < position.line);
    // The cursor is in the decorator of `next` unless it is closer to the body of the previous node.
    if (!previous || next.range.start.line === position.line || next.range.start.line - position.line <= 2) {
      return next;
    }
  }
  return [...sorted].reverse().find((node) => node.range.start.line <= position.line);
}
