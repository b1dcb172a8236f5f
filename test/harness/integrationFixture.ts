// What the integration suite needs around the editor, for code-server and desktop VS Code alike: the local AWS
// endpoint with the seed scenario, a workspace whose settings hold the seed's chains, user settings pointing the
// extension at the endpoint, the control server, and the extension host's environment (base credentials and
// switches travel there, never into files).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startLocalAws, type LocalAws } from '../localAws';
import { onCleanup } from './cleanup';
import { startControlServer, type ControlServer } from './controlServer';
import { baseCredentialsEnv, endpointSettings, oneStepChain, threeStepChain, twoStepChain } from './seedChains';

export interface IntegrationFixture {
  aws: LocalAws;
  control: ControlServer;
  workspace: string;
  userSettings: Record<string, unknown>;
  env: Record<string, string>;
  /** Folders the editor writes to, filled in once the editor has started; the control server scans them. */
  scanRoots: string[];
}

export async function prepareIntegration(page: () => Page | undefined): Promise<IntegrationFixture> {
  const aws = await startLocalAws();
  onCleanup('stop the local AWS endpoint', () => aws.stop());

  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'role-chains-it-ws-'));
  onCleanup(`remove ${workspace}`, () => fs.rmSync(workspace, { recursive: true, force: true }));
  fs.mkdirSync(path.join(workspace, '.vscode'));
  fs.writeFileSync(
    path.join(workspace, '.vscode', 'settings.json'),
    JSON.stringify({ 'roleChains.chains': [twoStepChain(), threeStepChain(), oneStepChain()] }, null, 2),
  );
  fs.writeFileSync(path.join(workspace, 'README.md'), '# Integration test workspace\n');

  const scanRoots = [workspace];
  const control = await startControlServer({ aws, page, scanRoots: () => scanRoots });
  return {
    aws,
    control,
    workspace,
    userSettings: endpointSettings(aws.endpoint),
    env: {
      ...baseCredentialsEnv(),
      ROLE_CHAINS_TESTING: '1',
      ROLE_CHAINS_IT_CONTROL: control.url,
      ROLE_CHAINS_IT_ENDPOINT: aws.endpoint,
    },
    scanRoots,
  };
}
