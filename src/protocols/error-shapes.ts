// Error shapes of a model: find the shape for an error code and the status and code it is sent with.
// botocore: shape `error: {code, httpStatusCode, senderFault}`; Smithy @error/@httpError/@awsQueryError.
import type { ServiceModel, Shape } from './model-types.js';

/** What the server hands the protocol layer; `core/aws-error.ts`'s AwsError fits. */
export interface ErrorInput {
  readonly code: string;
  readonly message: string;
  /** Overrides the model's `httpStatusCode`. */
  readonly status?: number;
  readonly senderFault?: boolean;
  /** Modeled members of the error shape besides the message (e.g. S3's `Key`, `BucketName`). */
  readonly fields?: Readonly<Record<string, unknown>>;
}

export interface ResolvedError {
  /** The code on the wire: the shape's `error.code` when it has one (query), else as given. */
  readonly wireCode: string;
  readonly shapeName?: string;
  readonly shape?: Shape;
  readonly status: number;
  readonly senderFault: boolean;
}

const index = new WeakMap<ServiceModel, Map<string, string>>();

function errorIndex(model: ServiceModel): Map<string, string> {
  let map = index.get(model);
  if (map) return map;
  map = new Map();
  for (const [name, shape] of Object.entries(model.shapes)) {
    if (!shape.exception && !shape.error) continue;
    map.set(name, name);
    if (shape.error?.code !== undefined && !map.has(shape.error.code)) map.set(shape.error.code, name);
  }
  index.set(model, map);
  return map;
}

/**
 * Resolves an error by shape name or wire code. `useShapeCode` (query, rest-xml) sends the shape's
 * `error.code`; json sends the shape name (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html).
 */
export function resolveError(model: ServiceModel, error: ErrorInput, useShapeCode: boolean): ResolvedError {
  const shapeName = errorIndex(model).get(error.code);
  const shape = shapeName === undefined ? undefined : model.shapes[shapeName];
  const senderFault = error.senderFault ?? (shape?.error?.senderFault ?? !shape?.fault);
  const status = error.status ?? shape?.error?.httpStatusCode ?? (senderFault ? 400 : 500);
  let wireCode = error.code;
  if (shape && shapeName !== undefined) wireCode = useShapeCode ? (shape.error?.code ?? shapeName) : shapeName;
  return { wireCode, shapeName, shape, status, senderFault };
}

/** The member that carries the message (`message` or `Message`), if the shape declares one. */
export function messageMember(shape: Shape | undefined): string | undefined {
  return Object.keys(shape?.members ?? {}).find((m) => m.toLowerCase() === 'message');
}
