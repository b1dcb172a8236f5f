// The commands extras.test.ts invokes and checks (Import from AWS Config, the chain wizard, remembered ExternalIds,
// terminals, console sign-in, policies); commands.test.ts leaves them to it.
export const EXTRAS_COMMANDS: readonly string[] = [
  'roleChains.importConfig.fromAwsConfig',
  'roleChains.chainEditor.add',
  'roleChains.chainEditor.edit',
  'roleChains.chainEditor.delete',
  'roleChains.externalIds.forget',
  'roleChains.terminal.open',
  'roleChains.console.open',
  'roleChains.policies.generate',
];
