/**
 * The commands the server advertises (`executeCommandProvider.commands`), as VS Code sees them.
 *
 * vscode-languageclient registers every advertised command as a VS Code command. The server advertises
 * its commands so that code lenses run in every LSP editor; in VS Code, two of them must still go through
 * the extension: a name the extension registers itself (registering it twice throws, and the extension's
 * version has the progress notification with Cancel and the output channel), and the server's own
 * `materialize`/`status` commands invoked by a code lens, which are routed to the extension's commands
 * for the same reason, and `showValue` invoked from the hover's "Show value" link, which opens the
 * extension's value view (the server's answer alone would show nothing). Anything else goes to the server unchanged. The pure decisions are here, tested.
 */
import { readKeyArg } from './keys';
import {
  CLIENT_MATERIALIZE,
  CLIENT_SHOW_STATUS,
  CLIENT_SHOW_VALUE,
  SERVER_MATERIALIZE,
  SERVER_SHOW_VALUE,
  SERVER_STATUS,
  type AssetKeyParts,
} from './protocol';

/** The advertised commands to register in VS Code: all but those in `own`, without duplicates. */
export function commandsToRegister(advertised: unknown, own: ReadonlySet<string>): string[] {
  if (!Array.isArray(advertised)) return [];
  return [...new Set(advertised.filter((name): name is string => typeof name === 'string' && !own.has(name)))];
}

export interface Reroute {
  command: string;
  args: unknown[];
}

/** The first key of `{"key": [..]}` or `{"keys": [[..], ...]}`. */
function firstKey(arg: unknown): AssetKeyParts | undefined {
  const single = readKeyArg(arg);
  if (single) return single.key;
  const keys = (arg as { keys?: unknown } | null)?.keys;
  if (Array.isArray(keys) && keys.length > 0) return readKeyArg({ key: keys[0] })?.key;
  return undefined;
}

/**
 * The extension command that runs a server command invoked from VS Code (a code lens, the palette), or
 * undefined to send it to the server as it is.
 */
export function rerouteServerCommand(command: string, args: readonly unknown[]): Reroute | undefined {
  const arg = args[0];
  if (command === SERVER_MATERIALIZE) {
    const keys = (arg as { keys?: unknown } | null)?.keys;
    const key = firstKey(arg);
    if (!key) return undefined;
    const upstream = (arg as { upstream?: unknown } | null)?.upstream === true;
    const downstream = (arg as { downstream?: unknown } | null)?.downstream === true;
    if (downstream) return undefined; // the extension's commands do not run downstream: the server does
    return { command: CLIENT_MATERIALIZE, args: [Array.isArray(keys) ? { key, keys, upstream } : { key, upstream }] };
  }
  if (command === SERVER_STATUS) {
    const key = firstKey(arg);
    const keys = (arg as { keys?: unknown } | null)?.keys;
    // Only one asset's status has a view; "all" (no argument) or several go to the server.
    if (!key || (Array.isArray(keys) && keys.length > 1)) return undefined;
    return { command: CLIENT_SHOW_STATUS, args: [{ key }] };
  }
  if (command === SERVER_SHOW_VALUE) {
    const key = firstKey(arg);
    return key ? { command: CLIENT_SHOW_VALUE, args: [{ key }] } : undefined;
  }
  return undefined;
}
