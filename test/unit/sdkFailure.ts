// How the local-endpoint tests look at an SDK call that must fail: by the error's name, HTTP status and message,
// the three things the product's error mapping reads.
import * as assert from 'node:assert/strict';

export interface SdkFailure {
  name: string;
  message: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

/** Runs a call that must fail and returns the SDK's error for assertions on name, message and status. */
export async function failure(call: Promise<unknown>): Promise<SdkFailure> {
  try {
    await call;
  } catch (error) {
    return error as SdkFailure;
  }
  assert.fail('the call succeeded but was expected to fail');
}

/** The call fails with this error name and HTTP status; a string message must match exactly, a RegExp must match. */
export async function expectServiceError(call: Promise<unknown>, name: string, status: number, message?: string | RegExp): Promise<SdkFailure> {
  const error = await failure(call);
  assert.equal(error.name, name, `error name (message: ${error.message})`);
  assert.equal(error.$metadata?.httpStatusCode, status, 'HTTP status');
  if (typeof message === 'string') assert.equal(error.message, message);
  else if (message) assert.match(error.message, message);
  return error;
}
