// Loaded on the first Import from AWS Config (see ../shared/lazyCommands.ts): the config parsing and the import picks.
export { registerImportFromAwsConfig } from './importFromAwsConfig';
