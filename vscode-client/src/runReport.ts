/**
 * Words for runs and statuses: the notification after "Materialize", the lines written to the output
 * channel, and the one-line status of an asset. Pure logic, unit-tested.
 */
import { formatKey } from './keys';
import type { AssetStatus, PartitionsStatus, RunResult } from './protocol';

/** "3 min ago", "2 h ago", "just now"; the ISO date itself when it cannot be read. */
export function relativeTime(iso: string, now: Date = new Date()): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) {
    return iso;
  }
  const seconds = Math.round((now.getTime() - then) / 1000);
  if (seconds < 0) {
    return 'just now';
  }
  if (seconds < 45) {
    return 'just now';
  }
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min ago`;
  }
  const hours = Math.round(minutes / 60);
  if (hours < 36) {
    return `${hours} h ago`;
  }
  const days = Math.round(hours / 24);
  return `${days} d ago`;
}

export function describeTarget(keys: readonly (readonly string[])[], upstream: boolean): string {
  const names = keys.length <= 3 ? keys.map(formatKey).join(', ') : `${keys.slice(0, 3).map(formatKey).join(', ')} and ${keys.length - 3} more`;
  return upstream ? `${names} with upstream` : names;
}

export interface RunMessage {
  severity: 'info' | 'error';
  text: string;
}

/** The notification shown when a run ends. */
export function describeRunResult(result: RunResult, target: string): RunMessage {
  const count = result.materialized.length;
  const assets = `${count} asset${count === 1 ? '' : 's'}`;
  switch (result.status) {
    case 'success':
      return { severity: 'info', text: `assetlens: materialized ${target} (${assets}, run ${shortRunId(result.runId)}).` };
    case 'canceled':
      return { severity: 'info', text: `assetlens: run of ${target} canceled after ${assets}.` };
    case 'failure': {
      const where = result.failedKey ? ` at ${formatKey(result.failedKey)}` : '';
      const firstLine = lastErrorLine(result.error);
      return {
        severity: 'error',
        text: `assetlens: run of ${target} failed${where}${firstLine ? `: ${firstLine}` : ''}. The traceback is in the output.`,
      };
    }
  }
}

/** The last non-empty line of a traceback: the exception itself. */
export function lastErrorLine(error: string | null): string | undefined {
  if (!error) {
    return undefined;
  }
  const lines = error.split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
  return lines[lines.length - 1];
}

export function shortRunId(runId: string): string {
  return runId.length > 8 ? runId.slice(0, 8) : runId;
}

/** "stale: code changed · materialized 5 min ago · v2" and similar, for one asset. */
/** A partitioned asset's partitions in `assetlens status`'s words: "partitions: 2 of 3 materialized, 1 stale, 1 missing". */
export function describePartitions(partitions: PartitionsStatus | undefined): string | undefined {
  if (!partitions || typeof partitions !== 'object' || !Array.isArray(partitions.materialized)) {
    return undefined;
  }
  const stale = partitions.stale && typeof partitions.stale === 'object' ? Object.keys(partitions.stale).length : 0;
  const total = typeof partitions.total === 'number' ? ` of ${partitions.total}` : '';
  const counts = [`${partitions.materialized.length}${total} materialized`, `${stale} stale`];
  if (Array.isArray(partitions.missing)) {
    counts.push(`${partitions.missing.length} missing`);
  }
  return `partitions: ${counts.join(', ')}`;
}

/** One line per stale partition with why, then the missing ones (for the output channel). */
export function partitionDetails(partitions: PartitionsStatus | undefined, few: number = 20): string[] {
  const described = describePartitions(partitions);
  if (!partitions || !described) {
    return [];
  }
  const lines: string[] = [];
  const stale = partitions.stale && typeof partitions.stale === 'object' ? Object.entries(partitions.stale) : [];
  for (const [key, reasons] of stale.slice(0, few)) {
    lines.push(`stale ${key}: ${Array.isArray(reasons) ? reasons.join('; ') : ''}`);
  }
  if (stale.length > few) {
    lines.push(`... and ${stale.length - few} more stale`);
  }
  if (Array.isArray(partitions.missing) && partitions.missing.length > 0) {
    const more = partitions.missing.length > few ? ` (and ${partitions.missing.length - few} more)` : '';
    lines.push(`missing: ${partitions.missing.slice(0, few).join(', ')}${more}`);
  }
  return lines;
}

export function describeAssetStatus(status: AssetStatus, now: Date = new Date()): string {
  const parts: string[] = [];
  const last = status.lastMaterialization;
  if (status.status === 'failed' || status.status === 'canceled') {
    parts.push(status.status === 'failed' ? 'last run failed' : 'last run canceled');
  }
  if (status.stale) {
    parts.push(status.reasons.length > 0 ? `stale: ${status.reasons.join('; ')}` : 'stale');
  } else if (last) {
    parts.push('fresh');
  }
  if (last) {
    const failed = last.status && last.status !== 'success' ? ` (${last.status})` : '';
    parts.push(`materialized ${relativeTime(last.endTime, now)}${failed}`);
    if (last.codeVersion) {
      parts.push(`v${last.codeVersion}`);
    }
    parts.push(`run ${shortRunId(last.runId)}`);
  } else if (!status.stale || status.reasons.length === 0) {
    parts.push('never materialized');
  }
  const partitions = describePartitions(status.partitions);
  if (partitions) {
    parts.push(partitions);
  }
  return parts.join(' · ');
}

/** Validates the result of `assetlens.server.materialize` (a server bug becomes a clear error). */
export function readRunResult(value: unknown): RunResult | undefined {
  if (!value || typeof value !== 'object') {
    return undefined;
  }
  const v = value as Record<string, unknown>;
  if (v.status !== 'success' && v.status !== 'failure' && v.status !== 'canceled') {
    return undefined;
  }
  const isKey = (k: unknown): k is string[] => Array.isArray(k) && k.every((p) => typeof p === 'string');
  return {
    runId: typeof v.runId === 'string' ? v.runId : '',
    status: v.status,
    failedKey: isKey(v.failedKey) ? v.failedKey : null,
    error: typeof v.error === 'string' ? v.error : null,
    materialized: Array.isArray(v.materialized) ? v.materialized.filter(isKey) : [],
  };
}
