// RoleSessionName identifies the person in CloudTrail, so it comes from a template (setting) with the OS user
// by default, sanitised to what STS accepts.
import * as os from 'node:os';

export const DEFAULT_SESSION_NAME_TEMPLATE = 'role-chains-${user}';

export interface SessionNameVars {
  chain: string;
  step: number; // 1-based
  user: string;
  time: number; // ms epoch; rendered as seconds
}

const MAX = 64;

function sanitise(s: string): string {
  return s.replace(/[^\w+=,.@-]/g, '-');
}

/** `${chain}`, `${step}`, `${user}` and `${time}` are replaced; unknown placeholders are dropped. */
export function renderSessionName(template: string, vars: SessionNameVars): string {
  const values: Record<string, string> = {
    chain: vars.chain,
    step: String(vars.step),
    user: vars.user,
    time: String(Math.floor(vars.time / 1000)),
  };
  const rendered = template.replace(/\$\{(\w*)\}/g, (_m, key: string) => values[key] ?? '');
  let name = sanitise(rendered).slice(0, MAX);
  if (name.length < 2) name = sanitise(`role-chains-${name}`).slice(0, MAX);
  return name;
}

/** The OS user name, sanitised; some containers have no passwd entry, hence the fallbacks. */
export function currentUserName(): string {
  let user = '';
  try {
    user = os.userInfo().username;
  } catch {
    user = process.env.USER ?? process.env.USERNAME ?? '';
  }
  const clean = sanitise(user).slice(0, 32);
  return clean === '' ? 'user' : clean;
}
