// Buckets in other regions. A request signed for the wrong region is refused (AWS: 301 PermanentRedirect or
// 400 AuthorizationHeaderMalformed, both with x-amz-bucket-region). The SDK's own followRegionRedirects covers
// only some of these answers and does it by swapping the client's region while the request runs, which breaks the
// other requests in flight on the same client. Here the client remembers each bucket's region and sends that
// bucket's requests through a sibling client built for it: same credentials and options, nothing shared changes.
import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';

type Send = S3Client['send'];
type Sendable = Parameters<Send>[0];

interface Routing {
  home: string;
  regions: Map<string, string>; // bucket → region
  clientFor(region: string): S3Client;
}

const routing = new WeakMap<S3Client, Routing>();

/** The region S3 says a bucket is in, from a refused request; undefined for any other error. */
export function redirectRegion(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const err = e as { $metadata?: { httpStatusCode?: number }; $response?: { headers?: Record<string, string | undefined> }; name?: string; message?: string };
  const status = err.$metadata?.httpStatusCode;
  if (status !== 301 && status !== 400) return undefined;
  const header = err.$response?.headers?.['x-amz-bucket-region'];
  if (header) return header;
  // AWS's message names it too: "the region 'us-east-1' is wrong; expecting 'eu-west-1'".
  const m = err.name === 'AuthorizationHeaderMalformed' ? /expecting '([a-z0-9-]+)'/.exec(err.message ?? '') : null;
  return m?.[1];
}

function bucketOf(command: Sendable): string | undefined {
  const input = command.input as { Bucket?: unknown };
  return typeof input.Bucket === 'string' ? input.Bucket : undefined;
}

/**
 * Makes `base` route each bucket's requests to the bucket's region. `build(region)` makes a sibling client;
 * siblings are created on first need and destroyed with `base`. Only promise-style `send` is supported.
 */
export function routeByBucketRegion(base: S3Client, home: string, build: (region: string) => S3Client): S3Client {
  const siblings = new Map<string, S3Client>();
  const state: Routing = {
    home,
    regions: new Map(),
    clientFor: (region) => {
      if (region === home) return base;
      let c = siblings.get(region);
      if (!c) {
        c = build(region);
        siblings.set(region, c);
      }
      return c;
    },
  };
  const sendHome = base.send.bind(base) as (command: Sendable, options?: unknown) => Promise<unknown>;
  const sendVia = (region: string, command: Sendable, options: unknown): Promise<unknown> =>
    region === home ? sendHome(command, options) : (state.clientFor(region).send(command as never, options as never) as Promise<unknown>);

  const send = async (command: Sendable, options?: unknown): Promise<unknown> => {
    const bucket = bucketOf(command);
    const known = bucket === undefined ? undefined : state.regions.get(bucket);
    const region = known ?? home;
    try {
      return await sendVia(region, command, options);
    } catch (e) {
      const actual = redirectRegion(e);
      if (bucket === undefined || actual === undefined || actual === region) throw e;
      state.regions.set(bucket, actual);
      return sendVia(actual, command, options);
    }
  };
  base.send = send as Send;
  const destroyBase = base.destroy.bind(base);
  base.destroy = (): void => {
    for (const c of siblings.values()) c.destroy();
    siblings.clear();
    destroyBase();
  };
  routing.set(base, state);
  return base;
}

/** Remembers a bucket's region learnt elsewhere (e.g. ListBuckets' BucketRegion), saving the first refused request. */
export function rememberBucketRegion(client: S3Client, bucket: string, region: string | undefined): void {
  const state = routing.get(client);
  if (state && region) state.regions.set(bucket, region);
}

/**
 * The client that signs for the bucket's region, for work that never goes through `send` (presigning). Asks
 * HeadBucket once when the region is unknown; if that is refused, the session's own region is the best guess.
 */
export async function clientForBucket(client: S3Client, bucket: string, signal?: AbortSignal): Promise<S3Client> {
  const state = routing.get(client);
  if (!state) return client;
  if (!state.regions.has(bucket)) {
    try {
      const out = await client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: signal });
      if (out.BucketRegion) state.regions.set(bucket, out.BucketRegion);
    } catch {
      // Denied or missing: presign with the session's region; the URL's own request will say what is wrong.
    }
  }
  return state.clientFor(state.regions.get(bucket) ?? state.home);
}
