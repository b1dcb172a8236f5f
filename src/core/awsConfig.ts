// Import from AWS config: the profiles of the shared config and credentials files (as the SDK's own ini loader
// parses them, see core/aws/awsConfigFiles.ts) become role chains. Each profile with role_arn + source_profile is
// followed back to the profile that holds the base credentials (keys, SSO, credential_process, or a role assumed
// from credential_source / a web identity): that one becomes the chain's sourceProfile, every role hop a step. An
// IAM Identity Center base profile becomes the chain's `sso` instead (the extension signs in to it itself): its
// sso-session by name, or the legacy start URL and region, with the account and role it names.
// A fixed external_id never reaches settings: the step prompts, and the value is handed back separately, hidden
// from serialisation, so the UI can offer to remember it in SecretStorage.
import { classifyProfile, hasIniValue, incompleteReason, iniValue, isBaseProfile, listProfiles, mergeProfiles, ssoBaseOfProfile, ssoSessionSections, type AwsConfigFiles, type ImportProblem, type IniSection, type ProfileInfo } from './awsProfiles';
import type { ChainConfig, SsoBase, StepConfig } from './chain';
import { parseChains } from './chainParser';
import { CHAINED_MAX_DURATION_SECONDS, MAX_DURATION_SECONDS, MIN_DURATION_SECONDS, validateExternalId, validateSessionName } from './validation';

/**
 * How many source_profile hops the import follows. Real chains have a handful; the cap keeps the import linear in
 * the number of profiles (a 5,000-profile chain would otherwise make 5,000 ever longer walks).
 */
export const MAX_IMPORTED_STEPS = 10;

/** A profile's fixed external_id, for an opt-in "remember in SecretStorage". `value` is not enumerable: JSON and logs never show it. */
export interface RememberableExternalId {
  chainName: string;
  stepIndex: number; // 0-based
  /** The profile the value came from. */
  profile: string;
  readonly value: string;
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

type Walk = { ok: true; root: string; hops: string[] } | { ok: false; message: string };

/** Follows source_profile from `start` to the profile that yields base credentials; hops are returned first-to-last. */
function walk(start: string, profiles: Map<string, IniSection>): Walk {
  const hops = [start];
  const seen = new Set(hops);
  let current = start;
  // Each iteration visits a new profile, so the walk ends within the number of profiles (and within the cap).
  for (let guard = 0; guard <= profiles.size; guard++) {
    const source = iniValue(profiles.get(current) ?? {}, 'source_profile') ?? '';
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

/** `sso`: the base is IAM Identity Center, whose role credentials make step 1 role chaining too. */
function buildChain(name: string, root: string, hops: string[], profiles: Map<string, IniSection>, sso?: SsoBase): BuiltChain {
  const section = (p: string): IniSection => profiles.get(p) ?? {};
  const region = iniValue(section(name), 'region') ?? iniValue(section(root), 'region');
  const notes: ImportNote[] = [];
  const externalIds: BuiltChain['externalIds'] = [];
  const note = (profile: string, stepIndex: number | undefined, message: string): void => {
    notes.push(stepIndex === undefined ? { profile, chainName: name, message } : { profile, chainName: name, stepIndex, message });
  };

  const steps = hops.map((hop, stepIndex): StepConfig => {
    const s = section(hop);
    const step: StepConfig = { roleArn: iniValue(s, 'role_arn') ?? '', externalId: 'none' };
    const label = `step ${stepIndex + 1} (profile "${hop}")`;

    const externalId = s.external_id?.trim();
    if (externalId !== undefined && externalId !== '') {
      // The value itself stays out of the chain and out of every note.
      step.externalId = 'prompt';
      if (validateExternalId(externalId) === undefined) externalIds.push({ stepIndex, profile: hop, value: externalId });
      else note(hop, stepIndex, `${label}: its external_id is not a valid ExternalId, so it will be asked for when the chain runs.`);
    }

    const mfaSerial = iniValue(s, 'mfa_serial');
    if (mfaSerial !== undefined) step.mfaSerial = mfaSerial;

    const sessionName = iniValue(s, 'role_session_name');
    if (sessionName !== undefined) {
      const m = validateSessionName(sessionName);
      if (m) note(hop, stepIndex, `${label}: role_session_name left out (${m}); the session name template applies.`);
      else step.sessionName = sessionName;
    }

    const rawDuration = iniValue(s, 'duration_seconds');
    if (rawDuration !== undefined) {
      const duration = parseDuration(rawDuration);
      if (duration === undefined || duration < MIN_DURATION_SECONDS || duration > MAX_DURATION_SECONDS) {
        note(hop, stepIndex, `${label}: duration_seconds must be a whole number from ${MIN_DURATION_SECONDS} to ${MAX_DURATION_SECONDS}; the default of 3600 applies.`);
      } else if ((stepIndex > 0 || sso !== undefined) && duration > CHAINED_MAX_DURATION_SECONDS) {
        step.durationSeconds = CHAINED_MAX_DURATION_SECONDS;
        const withWhat = stepIndex > 0 ? "the previous role's session" : 'IAM Identity Center role credentials';
        note(hop, stepIndex, `${label}: duration_seconds ${duration} capped to ${CHAINED_MAX_DURATION_SECONDS}: this role is assumed with ${withWhat} (role chaining), which AWS limits to 1 hour.`);
      } else {
        step.durationSeconds = duration;
      }
    }

    const hopRegion = iniValue(s, 'region');
    if (hopRegion !== undefined && hopRegion !== region) step.region = hopRegion;
    return step;
  });

  const raw: ChainConfig = sso ? { name, sso, steps } : { name, sourceProfile: root, steps };
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
  const sessions = ssoSessionSections(files);
  const result: AwsConfigImport = { chains: [], rememberable: [], problems: [...(files.unreadable ?? [])], notes: [], profiles: listProfiles(files) };

  for (const [name, section] of profiles) {
    if (!hasIniValue(section, 'role_arn')) continue;
    const kind = classifyProfile(section);
    if (kind === 'credential-source' || kind === 'web-identity') {
      const from = kind === 'credential-source' ? `credential_source ${iniValue(section, 'credential_source')}` : 'a web identity token';
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
    if (hasIniValue(section, 'credential_source')) {
      result.problems.push({ profile: name, message: `profile "${name}" sets both source_profile and credential_source: keep only one.` });
      continue;
    }

    const walked = walk(name, profiles);
    if (!walked.ok) {
      result.problems.push({ profile: name, message: walked.message });
      continue;
    }
    const rootSection = profiles.get(walked.root) ?? {};
    const base = classifyProfile(rootSection) === 'sso' ? ssoBaseOfProfile(walked.root, rootSection, sessions) : undefined;
    if (base && 'problem' in base) {
      result.problems.push({ profile: name, message: `the chain of profile "${name}" starts at ${base.problem}` });
      continue;
    }
    const built = buildChain(name, walked.root, walked.hops, profiles, base?.sso);
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
