// The assertion end-to-end tests make of an AWS error an SDK call rejected with: its code (the
// SDK's error name), and when given its message and HTTP status.

import assert from 'node:assert/strict';

/** `promise` rejects with the AWS error `name`; `message` is its exact text or a pattern it matches. */
export async function rejects(promise: Promise<unknown>, name: string, message?: string | RegExp, status?: number): Promise<void> {
  await assert.rejects(promise, (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(error.name, name, `error ${error.name}: ${error.message}`);
    if (typeof message === 'string') assert.equal(error.message, message);
    else if (message) assert.match(error.message, message);
    if (status !== undefined) assert.equal(error.$metadata?.httpStatusCode, status);
    return true;
  });
}
