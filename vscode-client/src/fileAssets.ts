/**
 * The assets of an open file and the one under the cursor, asked of the server (`assetlens/graph` with
 * the file's uri and depth 0) and of the document symbols; cached per document version.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { assetAtPosition, type SymbolSpan } from './assetAtCursor';
import { GRAPH_REQUEST, type GraphNode, type GraphParams, type GraphResult } from './protocol';

function toWireRange(range: vscode.Range): SymbolSpan['range'] {
  return {
    start: { line: range.start.line, character: range.start.character },
    end: { line: range.end.line, character: range.end.character },
  };
}

function toSpans(symbols: readonly (vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined): SymbolSpan[] {
  return (symbols ?? []).map((symbol) =>
    'selectionRange' in symbol
      ? { range: toWireRange(symbol.range), selectionRange: toWireRange(symbol.selectionRange), children: toSpans(symbol.children) }
      : { range: toWireRange(symbol.location.range), selectionRange: toWireRange(symbol.location.range) },
  );
}

/** True when the server's uri names this document. */
export function sameDocument(uri: string | null, document: vscode.TextDocument): boolean {
  if (!uri) {
    return false;
  }
  try {
    return vscode.Uri.parse(uri).fsPath === document.uri.fsPath;
  } catch {
    return false;
  }
}

export class FileAssets {
  private cache = new Map<string, { version: number; client: LanguageClient; nodes: GraphNode[] }>();
  private symbols = new Map<string, { version: number; spans: SymbolSpan[] }>();

  clear(): void {
    this.cache.clear();
    this.symbols.clear();
  }

  private async symbolsOf(document: vscode.TextDocument): Promise<SymbolSpan[]> {
    const cached = this.symbols.get(document.uri.toString());
    if (cached && cached.version === document.version) {
      return cached.spans;
    }
    const spans = await vscode.commands
      .executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>('vscode.executeDocumentSymbolProvider', document.uri)
      .then(toSpans, () => []);
    this.symbols.set(document.uri.toString(), { version: document.version, spans });
    if (this.symbols.size > 50) {
      this.symbols.delete(this.symbols.keys().next().value!);
    }
    return spans;
  }

  /** The assets defined in `document`. */
  async inDocument(client: LanguageClient, document: vscode.TextDocument): Promise<GraphNode[]> {
    const cached = this.cache.get(document.uri.toString());
    if (cached && cached.version === document.version && cached.client === client) {
      return cached.nodes;
    }
    const params: GraphParams = { key: null, uri: client.code2ProtocolConverter.asUri(document.uri), depth: 0 };
    const result = await client.sendRequest<GraphResult>(GRAPH_REQUEST, params);
    const nodes = (result?.nodes ?? []).filter((node) => sameDocument(node.uri, document));
    this.cache.set(document.uri.toString(), { version: document.version, client, nodes });
    if (this.cache.size > 50) {
      this.cache.delete(this.cache.keys().next().value!);
    }
    return nodes;
  }

  /** The asset the editor's cursor is in, if any. */
  async atCursor(client: LanguageClient, editor: vscode.TextEditor): Promise<GraphNode | undefined> {
    if (editor.document.languageId !== 'python' || editor.document.uri.scheme !== 'file') {
      return undefined;
    }
    const nodes = await this.inDocument(client, editor.document);
    if (nodes.length === 0) {
      return undefined;
    }
    const symbols = await this.symbolsOf(editor.document);
    const position = editor.selection.active;
    const document = editor.document;
    const lineText = (line: number) => (line >= 0 && line < document.lineCount ? document.lineAt(line).text : undefined);
    return assetAtPosition(nodes, { line: position.line, character: position.character }, symbols, lineText);
  }
}
