/**
 * The assetlens server's protocol beyond standard LSP, as docs/protocol.md defines it: method and command
 * names and the shapes of their parameters and results. Shared by the extension host and the webview, so
 * it holds types and constants only (no `vscode` import).
 */

/** An asset key as it travels on the wire: its parts (`["raw", "orders"]`). */
export type AssetKeyParts = string[];

/** LSP position / range (0-based lines, UTF-16 columns). */
export interface WirePosition {
  line: number;
  character: number;
}
export interface WireRange {
  start: WirePosition;
  end: WirePosition;
}

/** Server commands (`workspace/executeCommand`). */
export const SERVER_MATERIALIZE = 'assetlens.server.materialize';
export const SERVER_STATUS = 'assetlens.server.status';
export const SERVER_SHOW_VALUE = 'assetlens.server.showValue';

/** Client commands: the server's code lenses invoke these; the extension implements them. */
export const CLIENT_MATERIALIZE = 'assetlens.materialize';
export const CLIENT_MATERIALIZE_WITH_UPSTREAM = 'assetlens.materializeWithUpstream';
export const CLIENT_SHOW_LINEAGE = 'assetlens.showLineage';
export const CLIENT_SHOW_STATUS = 'assetlens.showStatus';
export const CLIENT_RESTART = 'assetlens.restartServer';
export const CLIENT_SHOW_OUTPUT = 'assetlens.showOutput';
export const CLIENT_SHOW_VALUE = 'assetlens.showValue';

/** Every command the extension registers itself (package.json `contributes.commands`). */
export const CLIENT_COMMANDS: readonly string[] = [
  CLIENT_MATERIALIZE,
  CLIENT_MATERIALIZE_WITH_UPSTREAM,
  CLIENT_SHOW_LINEAGE,
  CLIENT_SHOW_STATUS,
  CLIENT_RESTART,
  CLIENT_SHOW_OUTPUT,
  CLIENT_SHOW_VALUE,
];

/** Custom request and notifications. */
export const GRAPH_REQUEST = 'assetlens/graph';
export const INDEX_STATUS_NOTIFICATION = 'assetlens/indexStatus';
export const RUN_FINISHED_NOTIFICATION = 'assetlens/runFinished';

/** Arguments of `assetlens.server.materialize` (one of `key` / `keys`). */
export interface MaterializeArgs {
  key?: AssetKeyParts;
  keys?: AssetKeyParts[];
  upstream: boolean;
  downstream: boolean;
}

export type RunStatus = 'success' | 'failure' | 'canceled';

/** The result of `assetlens.server.materialize`, also the params of `assetlens/runFinished`. */
export interface RunResult {
  runId: string;
  status: RunStatus;
  failedKey: AssetKeyParts | null;
  error: string | null;
  materialized: AssetKeyParts[];
}

export interface LastMaterialization {
  runId: string;
  endTime: string;
  codeVersion: string | null;
  status: string;
}

/** One element of the result of `assetlens.server.status`. */
export interface AssetStatus {
  key: AssetKeyParts;
  stale: boolean;
  reasons: string[];
  /** never | fresh | stale | failed | canceled (newer servers): how the last attempt went. */
  status?: NodeStatus;
  lastMaterialization: LastMaterialization | null;
  /** A partitioned asset's partitions, as `assetlens status --format json` gives them. */
  partitions?: PartitionsStatus;
}

/** `total` and `missing` are null for a kind of partitions that cannot be listed (dynamic...). */
export interface PartitionsStatus {
  kind: string;
  total: number | null;
  materialized: string[];
  fresh: string[];
  /** Partition -> why it is stale. */
  stale: Record<string, string[]>;
  missing: string[] | null;
}

/** Params of `assetlens/graph`. */
export interface GraphParams {
  key: AssetKeyParts | null;
  depth?: number;
  uri: string | null;
}

/** `canceled`: the last attempt was cancelled by the user (nothing failed). */
export type NodeStatus = 'never' | 'fresh' | 'stale' | 'failed' | 'canceled';

export interface GraphNode {
  id: string;
  key: AssetKeyParts;
  /** asset, multi_asset, graph_asset, graph_multi_asset, spec, source, dbt, sling, component, …;
   * `undefined` for a key that is referenced but defined nowhere. Unknown kinds are shown as given. */
  kind: string;
  /** null for a key defined nowhere. */
  group: string | null;
  /** What produces it when not a Python definition: "dbt", "sling", "component" (newer servers). */
  origin?: string | null;
  /** The code location that loads it (newer servers; null when none does). */
  location?: string | null;
  codeVersion: string | null;
  uri: string | null;
  range: WireRange | null;
  stale: boolean | null;
  status: NodeStatus | null;
  focus: boolean;
  /** When the server includes it (else the lineage view asks `assetlens.server.status`). */
  lastMaterialization?: LastMaterialization | null;
  /** The latest result of each of its asset checks (newer servers). */
  checks?: CheckResult[];
}

/** One asset check's latest result, as `assetlens/graph` gives it. */
export interface CheckResult {
  name: string;
  passed: boolean;
  /** passed | failed | error | skipped */
  status?: string;
  /** ERROR | WARN */
  severity: string;
  blocking?: boolean;
  description?: string | null;
}

export interface GraphEdge {
  source: string;
  target: string;
}

export interface GraphResult {
  nodes: GraphNode[];
  edges: GraphEdge[];
  truncated: boolean;
  totalAssets: number;
}

/** Params of `assetlens/indexStatus`. */
export interface IndexStatus {
  state: 'indexing' | 'ready';
  assets: number;
  problems: number;
  files: number;
}

/** Arguments the server's code lenses pass to the client commands. */
export interface KeyArg {
  key: AssetKeyParts;
  upstream?: boolean;
}
