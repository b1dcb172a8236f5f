// The only runtime door to the AWS SDK. esbuild keeps this as a dynamic `import("./aws.js")` of a separate
// bundle, so activation never pays for loading the SDK; everything else may only `import type` from core/aws.
export function loadAws(): Promise<typeof import('./core/aws')> {
  return import('./core/aws');
}
