/**
 * What the lineage view says about one node: its kind as a short tag (asset, multi, graph, spec, dbt, …;
 * an unknown kind is shown as the server spells it), whether it is missing (a key that is referenced but
 * defined nowhere), the band it is drawn in, its label shortened to a width, and the lines of its
 * tooltip (kind, group, code version, staleness and why, last materialization). Pure, unit-tested.
 */
import type { CheckResult, GraphEdge, GraphNode, LastMaterialization } from '../src/protocol';

/** The server's kind for a key that is referenced but defined nowhere (docs/protocol.md). */
export const MISSING_KIND = 'undefined';
/** The band of a missing key that nothing defined depends on. */
export const MISSING_BAND = 'missing (defined nowhere)';
/** The band of a defined asset whose group the server did not give. */
export const NO_GROUP_BAND = 'default';

const KIND_LABELS: Record<string, string> = {
  asset: 'asset',
  multi_asset: 'multi',
  graph_asset: 'graph',
  graph_multi_asset: 'graph multi',
  spec: 'spec',
  source: 'source',
  observable_source: 'observable',
  external: 'external',
  dbt: 'dbt',
  sling: 'sling',
  component: 'component',
  [MISSING_KIND]: 'missing',
};

/** The node's tag: what produces it (dbt, sling, component) when the server says, else its kind. */
export function nodeKindLabel(node: Pick<GraphNode, 'kind' | 'origin'>): string {
  return typeof node.origin === 'string' && node.origin !== '' ? kindLabel(node.origin) : kindLabel(node.kind);
}

export function isMissing(node: Pick<GraphNode, 'kind'>): boolean {
  return node.kind === MISSING_KIND;
}

/** A short tag for the node's kind; an unknown kind as given (made printable, at most 16 characters). */
export function kindLabel(kind: unknown): string {
  if (typeof kind !== 'string' || kind.trim() === '') return 'asset';
  const known = KIND_LABELS[kind];
  if (known) return known;
  const printable = kind.replace(/[^\p{L}\p{N} _./-]/gu, '').replace(/_/g, ' ').trim() || 'asset';
  return printable.length > 16 ? `${printable.slice(0, 15)}…` : printable;
}

/**
 * The band (asset group) each node is drawn in. A missing key has no group of its own: it is drawn in
 * the band of the first defined asset that depends on it (next to the error it causes), else of any
 * defined neighbour, else in its own "missing" band. Never "null".
 */
export function bandGroups(nodes: readonly Pick<GraphNode, 'id' | 'group' | 'kind'>[], edges: readonly GraphEdge[]): string[] {
  const groupOf = new Map<string, string>();
  for (const node of nodes) {
    if (!isMissing(node)) groupOf.set(node.id, typeof node.group === 'string' && node.group !== '' ? node.group : NO_GROUP_BAND);
  }
  const consumer = new Map<string, string>();
  const neighbour = new Map<string, string>();
  for (const edge of edges) {
    const target = groupOf.get(edge.target);
    const source = groupOf.get(edge.source);
    if (target !== undefined && !consumer.has(edge.source)) consumer.set(edge.source, target);
    if (source !== undefined && !neighbour.has(edge.target)) neighbour.set(edge.target, source);
  }
  return nodes.map((node) => groupOf.get(node.id) ?? consumer.get(node.id) ?? neighbour.get(node.id) ?? MISSING_BAND);
}

/**
 * The longest form of `id` that fits (`fits` measures): the whole key, else its last part after `…/`,
 * else the end of the last part after `…` (the asset's own name matters more than its prefix). At least
 * one character and the ellipsis: a label is never dropped.
 */
export function shortenLabel(id: string, fits: (text: string) => boolean): string {
  if (fits(id)) return id;
  const slash = id.lastIndexOf('/');
  const name = slash >= 0 ? id.slice(slash + 1) : id;
  if (slash >= 0 && fits(`…/${name}`)) return `…/${name}`;
  let lo = 0;
  let hi = name.length - 1;
  // The smallest cut that fits; `…` plus the last character when nothing fits.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (fits(`…${name.slice(mid)}`)) hi = mid;
    else lo = mid + 1;
  }
  return `…${name.slice(Math.max(lo, 0))}`;
}

/** A code version as a tag: `v2` for a number, else as written (`revenue-2`). */
export function versionTag(version: string): string {
  return /^\d/.test(version) ? `v${version}` : version;
}

/** "just now", "5 min ago", "3 h ago", "2 days ago"; the date itself after a month. */
export function relativeTime(iso: string, now: number): string {
  const time = Date.parse(iso);
  if (!Number.isFinite(time)) return iso;
  const seconds = Math.max(0, (now - time) / 1000);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  const days = Math.floor(seconds / 86400);
  if (days < 31) return `${days} day${days === 1 ? '' : 's'} ago`;
  return new Date(time).toISOString().slice(0, 10);
}

export type StatusWord = 'fresh' | 'stale' | 'failed' | 'canceled' | 'never' | 'unknown' | 'missing';

export function statusWord(node: Pick<GraphNode, 'kind' | 'status' | 'stale'>): StatusWord {
  if (isMissing(node)) return 'missing';
  if (node.status) return node.status;
  if (node.stale === true) return 'stale';
  if (node.stale === false) return 'fresh';
  return 'unknown';
}

export interface NodeDetails {
  lastMaterialization?: LastMaterialization | null;
  reasons?: string[];
}

/**
 * The tooltip lines for the node's asset checks: a summary ("checks: 2 passed, 1 failed"), then each
 * check that did not pass with its severity and description (at most 5 named). None without results.
 */
export function describeChecks(checks: readonly CheckResult[] | undefined | null): string[] {
  if (!Array.isArray(checks)) return [];
  const valid = checks.filter((check) => check && typeof check.name === 'string');
  const counted = valid.filter((check) => check.status !== 'skipped');
  if (!counted.length) return [];
  const bad = counted.filter((check) => check.passed !== true);
  const passed = counted.length - bad.length;
  const parts = [];
  if (passed) parts.push(`${passed} passed`);
  if (bad.length) parts.push(`${bad.length} failed`);
  const lines = [`checks: ${parts.join(', ')}`];
  for (const check of bad.slice(0, 5)) {
    const how = check.status === 'error' ? 'errored' : 'failed';
    const severity = typeof check.severity === 'string' && check.severity ? ` [${check.severity}]` : '';
    const description = typeof check.description === 'string' && check.description ? `: ${check.description}` : '';
    lines.push(`  ✗ ${check.name} ${how}${severity}${description}`);
  }
  if (bad.length > 5) lines.push(`  … and ${bad.length - 5} more`);
  return lines;
}

/** The lines under the key in a node's tooltip. */
export function describeNode(
  node: GraphNode,
  band: string,
  counts: { upstream: number; downstream: number },
  details: NodeDetails | undefined,
  now: number,
): string[] {
  if (isMissing(node)) {
    return [
      'missing: referenced, but no asset in the workspace defines this key',
      `↑ ${counts.upstream} · ↓ ${counts.downstream} shown`,
    ];
  }
  const lines: string[] = [];
  const version = node.codeVersion ? `code version ${node.codeVersion}` : 'no code version';
  const location = typeof node.location === 'string' && node.location !== '' ? ` · location ${node.location}` : '';
  lines.push(`${nodeKindLabel(node)} · group ${band}${location} · ${version}`);
  const word = statusWord(node);
  const last = details?.lastMaterialization ?? null;
  const reasons = details?.reasons ?? [];
  if (word === 'never') lines.push('never materialized');
  else if (word === 'unknown') lines.push('status unknown');
  else if (word === 'stale') lines.push(reasons.length ? `stale: ${reasons.join('; ')}` : 'stale');
  else if (word === 'failed') lines.push('the last run failed');
  else if (word === 'canceled') lines.push('the last run was canceled');
  else lines.push('fresh');
  lines.push(...describeChecks(node.checks));
  if (last) {
    const run = last.runId ? ` · run ${last.runId.slice(0, 8)}` : '';
    const codeVersion = last.codeVersion ? ` · ${versionTag(last.codeVersion)}` : '';
    lines.push(`last materialization: ${relativeTime(last.endTime, now)}${codeVersion}${run}`);
  }
  lines.push(`↑ ${counts.upstream} · ↓ ${counts.downstream} shown`);
  lines.push(node.uri ? 'click or Enter: open the definition · double-click or C: centre here' : 'no definition in the workspace');
  return lines;
}
