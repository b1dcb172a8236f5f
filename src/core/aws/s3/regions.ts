// Buckets in other regions. A request signed for the wrong region is refused (AWS: 301 PermanentRedirect or
// 400 AuthorizationHeaderMalformed, both with x-amz-bucket-region). The SDK's own followRegionRedirects covers
// only some of these answers and does it by swapping the client's region while the request runs, which breaks the
// other requests in flight on the same client. Here the gateway remembers each bucket's region and sends that
// bucket's requests through a sibling client built for it: same credentials and options, nothing shared changes.
import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';

/** What every S3 helper in the core needs of a client: `send`. An S3Client and an S3Gateway both have it. */
export type S3Port = Pick<S3Client, 'send'>;

type Sendable = Parameters<S3Client['send']>[0];
type SendOptions = Parameters<S3Client['send']>[1];

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
 * One session step's access to S3: a client per region, built on first need by `build`, and each bucket's requests
 * sent to its bucket's region. It owns its clients: `destroy()` destroys them all.
 */
export class S3Gateway implements S3Port {
  private readonly clients = new Map<string, S3Client>();
  private readonly regions = new Map<string, string>(); // bucket → region

  constructor(
    readonly home: string,
    private readonly build: (region: string) => S3Client,
    /** False for stores set to checksumWhenRequired: uploads then send no CRC32 per part (they would be refused). */
    readonly verifiesChecksums = true,
  ) {}

  /** Sends a command to its bucket's region, learning the region from the first refused request. */
  readonly send = ((command: Sendable, options?: SendOptions) => this.route(command, options)) as S3Client['send'];

  /** The client signing for a region (built on first use). */
  clientFor(region: string): S3Client {
    let client = this.clients.get(region);
    if (!client) {
      client = this.build(region);
      this.clients.set(region, client);
    }
    return client;
  }

  /** Remembers a bucket's region learnt elsewhere (e.g. ListBuckets' BucketRegion), saving the first refused request. */
  rememberRegion(bucket: string, region: string | undefined): void {
    if (region) this.regions.set(bucket, region);
  }

  /**
   * The client that signs for the bucket's region, for work that never goes through `send` (presigning). Asks
   * HeadBucket once when the region is unknown; if that is refused, the session's own region is the best guess.
   */
  async clientForBucket(bucket: string, signal?: AbortSignal): Promise<S3Client> {
    if (!this.regions.has(bucket)) {
      try {
        const out = await this.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: signal });
        this.rememberRegion(bucket, out.BucketRegion);
      } catch {
        // Denied or missing: presign with the session's region; the URL's own request will say what is wrong.
      }
    }
    return this.clientFor(this.regions.get(bucket) ?? this.home);
  }

  destroy(): void {
    for (const c of this.clients.values()) c.destroy();
    this.clients.clear();
  }

  private async route(command: Sendable, options?: SendOptions): Promise<unknown> {
    const send = (client: S3Client): Promise<unknown> => client.send(command as never, options as never);
    const bucket = bucketOf(command);
    const region = (bucket === undefined ? undefined : this.regions.get(bucket)) ?? this.home;
    try {
      return await send(this.clientFor(region));
    } catch (e) {
      const actual = redirectRegion(e);
      if (bucket === undefined || actual === undefined || actual === region) throw e;
      this.regions.set(bucket, actual);
      return send(this.clientFor(actual));
    }
  }
}

/** Remembers a bucket's region when the client is a gateway (a plain client has one region and nothing to learn). */
export function rememberBucketRegion(client: S3Port, bucket: string, region: string | undefined): void {
  if (client instanceof S3Gateway) client.rememberRegion(bucket, region);
}

/** Whether uploads through this client send and verify a CRC32 per part (a plain client: the SDK's default, yes). */
export function verifiesChecksums(client: S3Port): boolean {
  return client instanceof S3Gateway ? client.verifiesChecksums : true;
}

/** The client to presign with: the gateway's one for the bucket's region, or the plain client itself. */
export async function clientForBucket(client: S3Port, bucket: string, signal?: AbortSignal): Promise<S3Client> {
  return client instanceof S3Gateway ? client.clientForBucket(bucket, signal) : (client as S3Client);
}
