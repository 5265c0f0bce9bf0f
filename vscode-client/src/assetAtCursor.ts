/**
 * Which asset the cursor is in, from the nodes of one file (their `range` is the function name), the
 * document's symbols when there are any (their ranges cover whole definitions), and the text of the
 * lines (to tell the decorators just above a definition). Pure logic.
 */
import type { GraphNode, WirePosition, WireRange } from './protocol';

export interface SymbolSpan {
  /** The whole definition. */
  range: WireRange;
  /** The name (what the graph node's range points at). */
  selectionRange: WireRange;
  children?: SymbolSpan[];
}

/** The text of a 0-based line, or undefined past the end of the document. */
export type LineText = (line: number) => string | undefined;

type Located = GraphNode & { range: WireRange };

function compare(a: WirePosition, b: WirePosition): number {
  return a.line !== b.line ? a.line - b.line : a.character - b.character;
}

function contains(range: WireRange, position: WirePosition): boolean {
  return compare(range.start, position) <= 0 && compare(position, range.end) <= 0;
}

function overlaps(a: WireRange, b: WireRange): boolean {
  return compare(a.start, b.end) <= 0 && compare(b.start, a.end) <= 0;
}

const isBlank = (text: string | undefined): boolean => text === undefined || text.trim() === '';

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

function allSymbols(symbols: readonly SymbolSpan[]): SymbolSpan[] {
  return symbols.flatMap((symbol) => [symbol, ...allSymbols(symbol.children ?? [])]);
}

/**
 * True when `line` is in the decorator block right above `firstLine`: the contiguous non-blank lines
 * above it, from the topmost one that starts with `@` (multi-line decorator arguments included).
 */
function inBlockAbove(line: number, firstLine: number, lineText: LineText): boolean {
  if (line >= firstLine) {
    return false;
  }
  let top = firstLine;
  for (let l = firstLine - 1; l >= 0 && l >= firstLine - 200; l--) {
    const text = lineText(l);
    if (isBlank(text)) {
      break;
    }
    if (text!.trimStart().startsWith('@')) {
      top = l;
    }
  }
  return line >= top;
}

/**
 * The node the cursor is in:
 * - with symbols: the innermost enclosing symbol whose name is a node's range, or the node whose
 *   definition starts right below the cursor's decorator block; outside them, none;
 * - without symbols: the node whose decorator block or name line the cursor is on, else the node above
 *   as long as every line in between is blank or indented (still its body).
 */
export function assetAtPosition(
  nodesInFile: readonly GraphNode[],
  position: WirePosition,
  symbols: readonly SymbolSpan[],
  lineText: LineText,
): GraphNode | undefined {
  const located = nodesInFile.filter((node): node is Located => node.range !== null);
  if (located.length === 0) {
    return undefined;
  }
  // A symbol's node: the one at its name; else (the server may point the symbol at the key spelled in the
  // decorator and the node at the function name) the one inside its definition and none of its children.
  const inside = (inner: WireRange, outer: WireRange) => contains(outer, inner.start) && contains(outer, inner.end);
  // Only when one definition is there (a multi-asset's nodes share one range); a symbol spanning several
  // (a module, a class from another provider) names none of them.
  const onlyNodeInside = (symbol: SymbolSpan): Located | undefined => {
    const there = located.filter(
      (node) => inside(node.range, symbol.range) && !(symbol.children ?? []).some((child) => inside(node.range, child.range)),
    );
    return there.length > 0 && there.every((node) => compare(node.range.start, there[0]!.range.start) === 0) ? there[0] : undefined;
  };
  const withSymbol = allSymbols(symbols)
    .map((symbol) => ({
      symbol,
      node:
        located.find((node) => overlaps(node.range, symbol.selectionRange)) ?? onlyNodeInside(symbol),
    }))
    .filter((pair): pair is { symbol: SymbolSpan; node: Located } => pair.node !== undefined);
  if (withSymbol.length > 0) {
    const enclosing = enclosingSymbols(symbols, position);
    for (let i = enclosing.length - 1; i >= 0; i--) {
      const match = withSymbol.find((pair) => pair.symbol === enclosing[i]);
      if (match) {
        return match.node;
      }
    }
    return withSymbol.find((pair) => inBlockAbove(position.line, pair.symbol.range.start.line, lineText))?.node;
  }
  const byLine = [...located].sort((a, b) => compare(a.range.start, b.range.start));
  const onOrBelow = byLine.find((node) => node.range.start.line >= position.line);
  if (onOrBelow && (onOrBelow.range.start.line === position.line || inBlockAbove(position.line, onOrBelow.range.start.line, lineText))) {
    return onOrBelow;
  }
  const above = [...byLine].reverse().find((node) => node.range.start.line < position.line);
  if (!above) {
    return undefined;
  }
  for (let l = above.range.start.line + 1; l <= position.line; l++) {
    const text = lineText(l);
    if (!isBlank(text) && !/^\s/.test(text!)) {
      return undefined; // a line at column 0 ends the definition's body
    }
  }
  return above;
}
