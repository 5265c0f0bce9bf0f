/**
 * Asset keys: the wire form is a list of parts, the user-facing spelling joins them with `/`.
 * Also validates what arrives as a command argument (code lenses, other extensions, the palette).
 */
import type { AssetKeyParts, KeyArg } from './protocol';

/** `["raw", "orders"]` -> `raw/orders`. */
export function formatKey(key: readonly string[]): string {
  return key.join('/');
}

/** `raw/orders` -> `["raw", "orders"]`; blank parts are dropped; an empty result is undefined. */
export function parseKey(text: string): AssetKeyParts | undefined {
  const parts = text
    .split('/')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  return parts.length > 0 ? parts : undefined;
}

export function sameKey(a: readonly string[] | null | undefined, b: readonly string[] | null | undefined): boolean {
  if (!a || !b || a.length !== b.length) {
    return false;
  }
  return a.every((part, index) => part === b[index]);
}

function isKeyParts(value: unknown): value is AssetKeyParts {
  return Array.isArray(value) && value.length > 0 && value.every((part) => typeof part === 'string');
}

/**
 * Reads the argument of a client command: `{key: [...], upstream?: bool}` as the code lenses send it,
 * or a plain key (`["a", "b"]` or `"a/b"`) from other callers. Undefined when there is none or it is
 * not a key (then the command asks the user).
 */
export function readKeyArg(arg: unknown): KeyArg | undefined {
  if (typeof arg === 'string') {
    const key = parseKey(arg);
    return key ? { key } : undefined;
  }
  if (isKeyParts(arg)) {
    return { key: [...arg] };
  }
  if (arg && typeof arg === 'object') {
    const record = arg as Record<string, unknown>;
    const key = typeof record.key === 'string' ? parseKey(record.key) : isKeyParts(record.key) ? [...record.key] : undefined;
    if (!key) {
      return undefined;
    }
    return typeof record.upstream === 'boolean' ? { key, upstream: record.upstream } : { key };
  }
  return undefined;
}
