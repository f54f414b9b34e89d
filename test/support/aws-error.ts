// The assertion end-to-end tests make of an AWS error an SDK call rejected with: its code (the
// SDK's error name), and when given its message, HTTP status and response headers.

import assert from 'node:assert/strict';

type AwsError = Error & { $metadata?: { httpStatusCode?: number }; $response?: { headers: Record<string, string> } };

/**
 * `promise` rejects with the AWS error `name`; `message` is its exact text or a pattern it
 * matches. A null `name` checks no code: a HEAD's error has no body, so the SDK names it by its
 * status alone. `headers` are response headers the error must carry, with these values.
 */
export async function rejects(
  promise: Promise<unknown>, name: string | null, message?: string | RegExp, status?: number, headers: Record<string, string> = {},
): Promise<void> {
  await assert.rejects(promise, (error: AwsError) => {
    if (name !== null) assert.equal(error.name, name, `error ${error.name}: ${error.message}`);
    if (typeof message === 'string') assert.equal(error.message, message);
    else if (message) assert.match(error.message, message);
    if (status !== undefined) assert.equal(error.$metadata?.httpStatusCode, status, `error ${error.name}: ${error.message}`);
    for (const [header, value] of Object.entries(headers)) assert.equal(error.$response?.headers[header], value, `${error.name}'s ${header}`);
    return true;
  });
}

/** The SDK's exception for a refused call: its name, message, `$metadata` and the <Error> document's other fields. */
export async function refusal(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown>;
  }
  assert.fail('the call was not refused');
}
