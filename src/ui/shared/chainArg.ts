/**
 * What a chain command accepts: a tree row (carries `chainName`), a chain name (other commands, tests, keybindings),
 * or nothing (palette: a quick pick asks).
 */
export type ChainArg = { readonly chainName: string } | string | undefined;

export function chainNameOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null && 'chainName' in arg) {
    const name = (arg as { chainName: unknown }).chainName;
    return typeof name === 'string' ? name : undefined;
  }
  return undefined;
}
