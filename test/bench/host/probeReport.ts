// What the extension-host probe (index.ts) prints, shared with the runner, which cannot import 'vscode'.

/** Prefix of the probe's one output line; the rest of the line is a ProbeReport as JSON. */
export const PROBE_LINE = 'ROLE_CHAINS_BENCH_ACTIVATION';
/** Environment variable naming the file whose creation lets the probe (and so the extension host) finish. */
export const RELEASE_ENV = 'ROLE_CHAINS_BENCH_RELEASE';
/** Environment variable naming the folder where the profiled extension host writes its CPU profile. */
export const PROFILE_DIR_ENV = 'ROLE_CHAINS_BENCH_PROFILE_DIR';
export const PROFILE_FILE = 'extension-host.cpuprofile';

export interface ProbeReport {
  activatedBy: 'startup' | 'probe';
  /** willActivateExtension → didActivateExtension: the activate() call (code loading excluded). */
  activateMs?: number;
  /** willLoadExtensionCode → didLoadExtensionCode: reading and compiling dist/extension.js. */
  loadMs?: number;
  /** willLoadExtensionCode → didActivateExtension. */
  loadAndActivateMs?: number;
  /** The activation bundle is in the host's module cache (the check below can see bundles at all). */
  extensionBundleLoaded: boolean;
  /** The SDK bundle in the module cache right after activation, and after the background work settled. */
  awsBundleAtActivation: boolean;
  awsBundleAfterSettle: boolean;
  marksFound: string[];
}
