// The only runtime door to the AWS SDK. esbuild turns this import into `require('./aws.js')`, a separate
// bundle, so activation never pays for loading the SDK; everything else may only `import type` from core/aws.
export function loadAws(): Promise<typeof import('./core/aws')> {
  return import('./core/aws');
}
