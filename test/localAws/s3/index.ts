// The S3 half of the local endpoint: called by the server for every authenticated S3 request. Routes it to its
// operation, answers errors in S3's XML, tracks in-flight work so close() can cut it off.
import { setMaxListeners } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { annotateRequest } from '../requestLog';
import type { AuthContext, CreateS3Service, ServiceContext } from '../types';
import { RequestGone, S3Error, internalError } from './errors';
import { newRequestIds, parseTarget, type ParsedTarget, type S3Request } from './request';
import { sendError } from './respond';
import { routeRequest } from './router';
import { Storage } from './storage';

const CLOSE_GRACE_MS = 2000;

export const createS3Service: CreateS3Service = (ctx: ServiceContext) => {
  const storage = new Storage(ctx.dataDir, ctx.clock, ctx.config.buckets);
  const closing = new AbortController();
  // Every in-flight body pipeline and download listens for close(): many at once is normal, not a leak.
  setMaxListeners(0, closing.signal);
  const inFlight = new Set<Promise<void>>();

  async function serve(req: IncomingMessage, body: Readable, res: ServerResponse, auth: AuthContext): Promise<void> {
    // The server may already have chosen the ids (and set them on the response); error bodies must repeat them.
    const generated = newRequestIds();
    const requestId = String(res.getHeader('x-amz-request-id') ?? generated.requestId);
    const hostId = String(res.getHeader('x-amz-id-2') ?? generated.hostId);
    const request = (target: ParsedTarget): S3Request => ({
      ctx,
      storage,
      req,
      body,
      res,
      auth,
      method: req.method ?? 'GET',
      headers: req.headers,
      query: target.query,
      bucket: target.bucket,
      key: target.key,
      resource: target.resource,
      requestId,
      hostId,
      signal: closing.signal,
      operation: 'Unknown',
    });
    let r: S3Request | undefined;
    try {
      r = request(parseTarget(req.url ?? '/', req.headers.host));
      const route = routeRequest(r);
      r.operation = route.operation;
      annotateRequest(res, { operation: route.operation });
      await route.run(r);
    } catch (error) {
      if (error instanceof RequestGone || closing.signal.aborted) {
        res.destroy();
        return;
      }
      const s3Error = error instanceof S3Error ? error : internalError(error);
      // HEAD errors have no body, so the log cannot read the code from it: say it here.
      annotateRequest(res, { errorCode: s3Error.code });
      // The URL itself may be what failed to parse: the error then names the raw path.
      const fallback = r ?? request({ query: new Map(), resource: (req.url ?? '/').split('?')[0] ?? '/' });
      sendError(fallback, s3Error);
    } finally {
      // Whatever an operation did not read (e.g. a body refused before it was read) is drained, not left hanging.
      if (!body.readableEnded && !body.destroyed) body.resume();
    }
  }

  return {
    handle(req, body, res, auth) {
      const work = serve(req, body, res, auth);
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
      return work;
    },
    async close() {
      closing.abort();
      // Aborting ends every body pipeline and download; give them a moment to clean up their temp files.
      const settled = Promise.allSettled([...inFlight]);
      await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref())]);
    },
  };
};
