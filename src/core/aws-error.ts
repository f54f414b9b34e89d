// The one error type that crosses layers: an AWS error code with its message, HTTP status
// and fault side. Engines throw it (or their own kinds mapped to it); only the protocol
// layer turns it into bytes.

export class AwsError extends Error {
  constructor(
    /** The AWS error code, exactly as AWS spells it (`NoSuchEntity`, `AccessDenied`). */
    readonly code: string,
    message: string,
    /** HTTP status the protocol sends; 400 unless the error says otherwise. */
    readonly status: number = 400,
    /** True for a client ("Sender") fault, false for a server ("Receiver") fault. */
    readonly senderFault: boolean = true,
    /** Extra members of the error shape (Organizations' `Reason`, S3's `Key`, ...). */
    readonly fields: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = code;
  }
}

/**
 * A feature Gantry does not build, asked for by an operation it does serve (a header, a setting):
 * "<what> not implemented in Gantry yet", `what` naming the feature with its verb ("S3 ACLs are"),
 * then `note` (which starts with its own punctuation) or a full stop.
 */
export function featureNotImplemented(what: string, note = '.'): AwsError {
  return new AwsError('NotImplemented', `${what} not implemented in Gantry yet${note}`, 501, false);
}

/** An operation that exists in the service model but is not built yet. */
export function notImplemented(service: string, operation: string): AwsError {
  return new AwsError('NotImplemented', `${service}:${operation} is not implemented in Gantry yet.`, 501, false);
}
