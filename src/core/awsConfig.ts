// Import from AWS config: the profiles of the shared config and credentials files (as the SDK's own ini loader
// parses them, see core/aws/awsConfigFiles.ts) become role chains. Each profile with role_arn + source_profile is
// followed back to the profile that holds the base credentials (keys, SSO, credential_process, or a role assumed
// from credential_source / a web identity): that one becomes the chain's sourceProfile, every role hop a step.
// A fixed external_id never reaches settings: the step prompts, and the value is handed back separately, hidden
// from serialisation, so the UI can offer to remember it in SecretStorage.
import type { ChainConfig, StepConfig } from './chain';
import { parseChains } from './chainParser';
import { CHAINED_MAX_DURATION_SECONDS, MAX_DURATION_SECONDS, MIN_DURATION_SECONDS, validateExternalId, validateSessionName } from './validation';

/** One ini section: key → value (the loader's ParsedIniData shape). */
export type IniSection = Record<string, string | undefined>;

/** What the SDK's loadSharedConfigFiles returns: config profiles without the "profile " prefix, credentials as written. */
export interface AwsConfigFiles {
  configFile: Record<string, IniSection>;
  credentialsFile: Record<string, IniSection>;
  /** Sections that made the loader read a file as empty (see unreadableSections), reported as problems. */
  unreadable?: ImportProblem[];
}

/**
 * Section names the SDK's ini loader refuses: on one of them it throws, and loadSharedConfigFiles reads the whole
 * file as empty (at import and when a chain runs). Mirrors its line handling: comments cut, `[name]` trimmed.
 */
const REFUSED_SECTIONS = new Set(['__proto__', 'profile __proto__']);

/** The refused sections of a config or credentials file's text, as written between the brackets. */
export function unreadableSections(text: string): string[] {
  const found: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const trimmed = (line.split(/(^|\s)[;#]/)[0] ?? '').trim();
    if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) continue;
    const name = trimmed.slice(1, -1);
    if (REFUSED_SECTIONS.has(name)) found.push(name);
  }
  return found;
}

/** The problem rows for a file with refused sections. */
export function unreadableProblems(text: string, path: string): ImportProblem[] {
  return unreadableSections(text).map((section) => {
    const profile = section.replace(/^profile /, '');
    return {
      profile,
      message: `profile "${profile}" in ${path}: the AWS SDK refuses this name and then reads nothing of the file, so none of its profiles can be used; rename or remove the [${section}] section.`,
    };
  });
}

/**
 * How many source_profile hops the import follows. Real chains have a handful; the cap keeps the import linear in
 * the number of profiles (a 5,000-profile chain would otherwise make 5,000 ever longer walks).
 */
export const MAX_IMPORTED_STEPS = 10;

/** How a profile gets credentials, in the order the SDK resolves them. */
export type ProfileKind =
  | 'role' // role_arn + source_profile: a hop
  | 'credential-source' // role_arn + credential_source: the SDK assumes it from the environment, ECS or EC2
  | 'web-identity' // role_arn + web_identity_token_file
  | 'keys'
  | 'sso'
  | 'credential-process'
  | 'login'
  | 'incomplete';

export interface ProfileInfo {
  name: string;
  kind: ProfileKind;
  region?: string;
}

/** A profile's fixed external_id, for an opt-in "remember in SecretStorage". `value` is not enumerable: JSON and logs never show it. */
export interface RememberableExternalId {
  chainName: string;
  stepIndex: number; // 0-based
  /** The profile the value came from. */
  profile: string;
  readonly value: string;
}

/** A profile that could not become a chain (cycle, missing source, invalid field), one sentence each. */
export interface ImportProblem {
  profile: string;
  message: string;
}

/** Something changed or skipped on the way (a capped duration, a profile that is a base rather than a chain). */
export interface ImportNote {
  profile: string;
  chainName?: string;
  stepIndex?: number;
  message: string;
}

export interface AwsConfigImport {
  chains: ChainConfig[];
  rememberable: RememberableExternalId[];
  problems: ImportProblem[];
  notes: ImportNote[];
  /** Every profile with its kind: the wizard lists the ones usable as a chain's sourceProfile. */
  profiles: ProfileInfo[];
}

const BASE_KINDS: ReadonlySet<ProfileKind> = new Set(['credential-source', 'web-identity', 'keys', 'sso', 'credential-process', 'login']);

/** True when a profile can be a chain's sourceProfile (the SDK's fromIni resolves it to credentials by itself). */
export function isBaseProfile(kind: ProfileKind): boolean {
  return BASE_KINDS.has(kind);
}

function has(section: IniSection, key: string): boolean {
  const v = section[key];
  return v !== undefined && v.trim() !== '';
}

function get(section: IniSection, key: string): string | undefined {
  const v = section[key]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

export function classifyProfile(section: IniSection): ProfileKind {
  if (has(section, 'role_arn')) {
    if (has(section, 'source_profile')) return 'role';
    if (has(section, 'credential_source')) return 'credential-source';
    if (has(section, 'web_identity_token_file')) return 'web-identity';
    return 'incomplete';
  }
  if (has(section, 'aws_access_key_id') && has(section, 'aws_secret_access_key')) return 'keys';
  if (has(section, 'sso_session') || has(section, 'sso_start_url')) return 'sso';
  if (has(section, 'credential_process')) return 'credential-process';
  if (has(section, 'login_session')) return 'login';
  return 'incomplete';
}

/** Sections of the config file that are not profiles (the loader keeps their type prefix). */
function isProfileKey(key: string): boolean {
  return !/^(sso-session|services|profile)\./.test(key);
}

/** The profiles as the SDK sees them: config file first, the credentials file's values winning on the same key. */
export function mergeProfiles(files: AwsConfigFiles): Map<string, IniSection> {
  const merged = new Map<string, IniSection>();
  for (const file of [files.configFile, files.credentialsFile]) {
    for (const [name, section] of Object.entries(file ?? {})) {
      if (!isProfileKey(name) || typeof section !== 'object' || section === null) continue;
      merged.set(name, { ...merged.get(name), ...section });
    }
  }
  return merged;
}

export function listProfiles(files: AwsConfigFiles): ProfileInfo[] {
  return [...mergeProfiles(files)].map(([name, section]) => {
    const info: ProfileInfo = { name, kind: classifyProfile(section) };
    const region = get(section, 'region');
    if (region !== undefined) info.region = region;
    return info;
  });
}

function incompleteReason(name: string, section: IniSection): string {
  if (has(section, 'role_arn')) {
    return `profile "${name}" has role_arn but neither source_profile nor credential_source: add one to say where its base credentials come from.`;
  }
  if (has(section, 'aws_access_key_id')) return `profile "${name}" has an access key id without aws_secret_access_key.`;
  return `profile "${name}" holds no credentials (no keys, SSO, credential_process or role).`;
}

type Walk = { ok: true; root: string; hops: string[] } | { ok: false; message: string };

/** Follows source_profile from `start` to the profile that yields base credentials; hops are returned first-to-last. */
function walk(start: string, profiles: Map<string, IniSection>): Walk {
  const hops = [start];
  const seen = new Set(hops);
  let current = start;
  // Each iteration visits a new profile, so the walk ends within the number of profiles (and within the cap).
  for (let guard = 0; guard <= profiles.size; guard++) {
    const source = get(profiles.get(current) ?? {}, 'source_profile') ?? '';
    if (source === current) {
      return {
        ok: false,
        message: `profile "${current}" names itself as source_profile: move its keys to a profile of their own and point source_profile there.`,
      };
    }
    if (seen.has(source)) {
      // hops is built backwards; the loop reads in the direction of the source_profile links.
      const followed = [...hops].reverse();
      const loop = [...followed.slice(followed.indexOf(source)), source];
      return { ok: false, message: `source_profile loop: ${loop.map((p) => `"${p}"`).join(' → ')}; break the loop so one profile holds base credentials.` };
    }
    const section = profiles.get(source);
    if (!section) {
      const where = current === start ? '' : ` (reached through ${hops.map((p) => `"${p}"`).reverse().join(' → ')})`;
      return { ok: false, message: `source_profile "${source}" of profile "${current}" is in neither the config nor the credentials file${where}.` };
    }
    const kind = classifyProfile(section);
    if (kind === 'role') {
      if (hops.length >= MAX_IMPORTED_STEPS) {
        return {
          ok: false,
          message: `profile "${start}" is reached through more than ${MAX_IMPORTED_STEPS} roles of source_profile links; the import follows at most ${MAX_IMPORTED_STEPS}: shorten the chain, or write it in settings by hand.`,
        };
      }
      hops.unshift(source);
      seen.add(source);
      current = source;
      continue;
    }
    if (isBaseProfile(kind)) return { ok: true, root: source, hops };
    return { ok: false, message: `the chain of profile "${start}" starts at ${incompleteReason(source, section)}` };
  }
  return { ok: false, message: `the source_profile links of profile "${start}" do not end.` };
}

interface BuiltChain {
  raw: ChainConfig;
  externalIds: Array<{ stepIndex: number; profile: string; value: string }>;
  notes: ImportNote[];
}

function parseDuration(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

function buildChain(name: string, root: string, hops: string[], profiles: Map<string, IniSection>): BuiltChain {
  const section = (p: string): IniSection => profiles.get(p) ?? {};
  const region = get(section(name), 'region') ?? get(section(root), 'region');
  const notes: ImportNote[] = [];
  const externalIds: BuiltChain['externalIds'] = [];
  const note = (profile: string, stepIndex: number | undefined, message: string): void => {
    notes.push(stepIndex === undefined ? { profile, chainName: name, message } : { profile, chainName: name, stepIndex, message });
  };

  const steps = hops.map((hop, stepIndex): StepConfig => {
    const s = section(hop);
    const step: StepConfig = { roleArn: get(s, 'role_arn') ?? '', externalId: 'none' };
    const label = `step ${stepIndex + 1} (profile "${hop}")`;

    const externalId = s.external_id?.trim();
    if (externalId !== undefined && externalId !== '') {
      // The value itself stays out of the chain and out of every note.
      step.externalId = 'prompt';
      if (validateExternalId(externalId) === undefined) externalIds.push({ stepIndex, profile: hop, value: externalId });
      else note(hop, stepIndex, `${label}: its external_id is not a valid ExternalId, so it will be asked for when the chain runs.`);
    }

    const mfaSerial = get(s, 'mfa_serial');
    if (mfaSerial !== undefined) step.mfaSerial = mfaSerial;

    const sessionName = get(s, 'role_session_name');
    if (sessionName !== undefined) {
      const m = validateSessionName(sessionName);
      if (m) note(hop, stepIndex, `${label}: role_session_name left out (${m}); the session name template applies.`);
      else step.sessionName = sessionName;
    }

    const rawDuration = get(s, 'duration_seconds');
    if (rawDuration !== undefined) {
      const duration = parseDuration(rawDuration);
      if (duration === undefined || duration < MIN_DURATION_SECONDS || duration > MAX_DURATION_SECONDS) {
        note(hop, stepIndex, `${label}: duration_seconds must be a whole number from ${MIN_DURATION_SECONDS} to ${MAX_DURATION_SECONDS}; the default of 3600 applies.`);
      } else if (stepIndex > 0 && duration > CHAINED_MAX_DURATION_SECONDS) {
        step.durationSeconds = CHAINED_MAX_DURATION_SECONDS;
        note(hop, stepIndex, `${label}: duration_seconds ${duration} capped to ${CHAINED_MAX_DURATION_SECONDS}: this role is assumed with the previous role's session (role chaining), which AWS limits to 1 hour.`);
      } else {
        step.durationSeconds = duration;
      }
    }

    const hopRegion = get(s, 'region');
    if (hopRegion !== undefined && hopRegion !== region) step.region = hopRegion;
    return step;
  });

  const raw: ChainConfig = { name, sourceProfile: root, steps };
  if (region !== undefined) raw.region = region;
  return { raw, externalIds, notes };
}

function rememberable(chainName: string, stepIndex: number, profile: string, value: string): RememberableExternalId {
  const entry = { chainName, stepIndex, profile } as RememberableExternalId;
  Object.defineProperty(entry, 'value', { value, enumerable: false, writable: false });
  return entry;
}

/** Pure: the chains, problems and notes for the loaded files. One chain per profile with role_arn + source_profile. */
export function chainsFromAwsConfig(files: AwsConfigFiles): AwsConfigImport {
  const profiles = mergeProfiles(files);
  const result: AwsConfigImport = { chains: [], rememberable: [], problems: [...(files.unreadable ?? [])], notes: [], profiles: listProfiles(files) };

  for (const [name, section] of profiles) {
    if (!has(section, 'role_arn')) continue;
    const kind = classifyProfile(section);
    if (kind === 'credential-source' || kind === 'web-identity') {
      const from = kind === 'credential-source' ? `credential_source ${get(section, 'credential_source')}` : 'a web identity token';
      result.notes.push({
        profile: name,
        message: `profile "${name}" assumes its role from ${from}, which the SDK does by itself: it is offered as a chain's sourceProfile rather than imported as a chain.`,
      });
      continue;
    }
    if (kind === 'incomplete') {
      result.problems.push({ profile: name, message: incompleteReason(name, section) });
      continue;
    }
    if (has(section, 'credential_source')) {
      result.problems.push({ profile: name, message: `profile "${name}" sets both source_profile and credential_source: keep only one.` });
      continue;
    }

    const walked = walk(name, profiles);
    if (!walked.ok) {
      result.problems.push({ profile: name, message: walked.message });
      continue;
    }
    const built = buildChain(name, walked.root, walked.hops, profiles);
    // The settings parser is the single judge of what a chain may hold (role ARN shape, MFA serial, names…).
    const parsed = parseChains([built.raw]);
    const chain = parsed.chains[0];
    if (!chain || parsed.problems.length > 0) {
      for (const p of parsed.problems) result.problems.push({ profile: name, message: `profile "${name}": ${p.message}` });
      continue;
    }
    result.chains.push(chain);
    result.notes.push(...built.notes);
    for (const e of built.externalIds) result.rememberable.push(rememberable(chain.name, e.stepIndex, e.profile, e.value));
  }
  return result;
}

/** Loads the files with an injected loader (core/aws's loadAwsConfigFiles in the product) and builds the import. */
export async function importFromAwsConfig(load: () => Promise<AwsConfigFiles>): Promise<AwsConfigImport> {
  return chainsFromAwsConfig(await load());
}
