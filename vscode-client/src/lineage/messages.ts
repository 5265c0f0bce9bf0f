/**
 * Messages between the lineage panel (extension host) and its webview. Types only; both sides import it.
 */
import type { GraphResult, LastMaterialization } from '../protocol';

export type LineageMode = 'neighbourhood' | 'all';

export interface LineageViewState {
  mode: LineageMode;
  depth: number;
  /** The asset the neighbourhood is centred on (user-facing key), if any. */
  focus: string | null;
}

export type HostMessage =
  | { type: 'graph'; graph: GraphResult; view: LineageViewState; fit: boolean }
  | { type: 'loading'; text: string }
  | { type: 'empty'; text: string; view: LineageViewState }
  | { type: 'error'; text: string }
  /** Highlight and centre a node already shown (the cursor moved to it in whole-graph mode). */
  | { type: 'focus'; id: string }
  /** What the run store knows of the shown assets (`assetlens.server.status`), for the tooltips. */
  | { type: 'details'; details: NodeStatusDetails[] };

export interface NodeStatusDetails {
  id: string;
  reasons: string[];
  lastMaterialization: LastMaterialization | null;
}

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'open'; id: string }
  | { type: 'mode'; mode: LineageMode }
  | { type: 'depth'; depth: number }
  | { type: 'recentre'; id: string }
  | { type: 'refresh' };

export const MIN_DEPTH = 1;
export const MAX_DEPTH = 10;
