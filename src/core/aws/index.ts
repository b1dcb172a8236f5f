// The lazily loaded AWS half of the core (bundled as dist/aws.js, reached only through src/awsLoader.ts).
import { quietNodeVersionNotice } from './nodeVersionNotice';

quietNodeVersionNotice();
export { runChain, stsEndpointLabel } from './runChain';
export type { ChainPrompts, Endpoints, PromptContext, RunChainOptions, StepEvent } from './runChain';
export { whoAmI } from './whoAmI';
export type { Identity, WhoAmIOptions } from './whoAmI';
export { defaultBaseCredentials, resolveBaseCredentials } from './baseCredentials';
export type { BaseCredentials, BaseCredentialsProvider, SharedFiles } from './baseCredentials';
export { ssoTokenKey } from './ssoSignIn';
export type { SsoAccountChoice, SsoPromptContext, SsoPrompts, SsoTokenStoreLike } from './ssoSignIn';
export type { SsoClientRegistration, SsoTokens } from './ssoDeviceFlow';
export { createStsClient, toSdkCredentials, DEFAULT_MAX_ATTEMPTS } from './clients';
export type { ClientOptions } from './clients';
export * from './s3';
export { loadAwsConfigFiles } from './awsConfigFiles';
export type { AwsConfigFileOptions, LoadedAwsConfigFiles } from './awsConfigFiles';
export { consoleSignInUrl, DEFAULT_FEDERATION_ENDPOINT, SIGNIN_LINK_TTL_MS } from './consoleSignIn';
export type { ConsoleSignIn, ConsoleSignInOptions } from './consoleSignIn';
