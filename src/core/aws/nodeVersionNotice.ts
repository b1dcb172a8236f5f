// The SDK warns once per process that its 2027 releases need Node 22. The extension pins an SDK release that runs
// on Node 20 (VS Code 1.100's extension host), so the notice only alarms people reading the extension host log.
// AWS's own switch for it is an environment variable (aws-sdk-js-v3 issue #7983); it is read once, the first time a
// client is built, so it is set only for that moment and the extension host's environment is left as it was (other
// extensions see no change).
import { STSClient } from '@aws-sdk/client-sts';

export const NODE_VERSION_NOTICE_SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/** Runs `build` with the SDK's switch on, then restores the variable. */
export function withoutNodeVersionNotice<T>(build: () => T, env: NodeJS.ProcessEnv = process.env): T {
  const before = env[NODE_VERSION_NOTICE_SWITCH];
  env[NODE_VERSION_NOTICE_SWITCH] = 'true';
  try {
    return build();
  } finally {
    if (before === undefined) delete env[NODE_VERSION_NOTICE_SWITCH];
    else env[NODE_VERSION_NOTICE_SWITCH] = before;
  }
}

/** Builds (and drops) one client with the switch on: every later client of this SDK copy stays quiet. */
export function quietNodeVersionNotice(): void {
  withoutNodeVersionNotice(() => new STSClient({ region: 'us-east-1' }).destroy());
}
