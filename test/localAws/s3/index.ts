// Placeholder until the S3 service lands: every S3 request gets 501 NotImplemented.
import type { CreateS3Service } from '../types';

export const createS3Service: CreateS3Service = () => ({
  async handle(_req, body, res) {
    body.resume();
    res.writeHead(501, { 'content-type': 'application/xml' });
    res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>NotImplemented</Code><Message>S3 is not implemented yet.</Message></Error>');
  },
  async close() {},
});
