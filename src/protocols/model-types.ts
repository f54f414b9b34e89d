// Types for botocore service models (service-2.json), the format our trimmed specs/models keep.
// Reference: botocore/data/*/service-2.json and botocore/model.py (Smithy traits mapped to JSON keys).

export type Protocol = 'query' | 'json' | 'rest-xml' | 'rest-json' | 'ec2';

export interface ServiceMetadata {
  readonly apiVersion?: string;
  readonly protocol: Protocol;
  readonly protocols?: readonly string[];
  readonly jsonVersion?: string;
  readonly targetPrefix?: string;
  readonly xmlNamespace?: string;
  readonly serviceId?: string;
  readonly signingName?: string;
  readonly endpointPrefix?: string;
  readonly [key: string]: unknown;
}

/** A reference from a structure member, list member, or map key/value to a named shape. */
export interface MemberRef {
  readonly shape: string;
  readonly location?: 'header' | 'headers' | 'querystring' | 'uri' | 'statusCode';
  readonly locationName?: string;
  readonly flattened?: boolean;
  readonly xmlAttribute?: boolean;
  readonly xmlNamespace?: XmlNamespace;
  readonly timestampFormat?: TimestampFormat;
  readonly jsonvalue?: boolean;
  readonly hostLabel?: boolean;
  readonly idempotencyToken?: boolean;
  readonly queryName?: string;
  readonly [key: string]: unknown;
}

export type TimestampFormat = 'iso8601' | 'unixTimestamp' | 'rfc822';

/** botocore writes `{uri, prefix?}`; some models (and the fixtures) write the bare URI. */
export type XmlNamespace = string | { readonly uri: string; readonly prefix?: string };

export type ShapeType =
  | 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'boolean' | 'float' | 'double'
  | 'bigdecimal' | 'biginteger' | 'blob' | 'timestamp' | 'character' | 'byte' | 'short';

export interface Shape {
  readonly type: ShapeType;
  readonly members?: Readonly<Record<string, MemberRef>>;
  readonly required?: readonly string[];
  readonly member?: MemberRef;
  readonly key?: MemberRef;
  readonly value?: MemberRef;
  readonly enum?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly sensitive?: boolean;
  readonly flattened?: boolean;
  readonly locationName?: string;
  readonly xmlNamespace?: XmlNamespace;
  readonly timestampFormat?: TimestampFormat;
  readonly payload?: string;
  readonly union?: boolean;
  readonly document?: boolean;
  readonly exception?: boolean;
  readonly fault?: boolean;
  readonly error?: { readonly code?: string; readonly httpStatusCode?: number; readonly senderFault?: boolean };
  readonly eventstream?: boolean;
  readonly [key: string]: unknown;
}

export interface OperationRef {
  readonly shape: string;
  readonly locationName?: string;
  readonly xmlNamespace?: XmlNamespace;
  readonly resultWrapper?: string;
}

export interface OperationModel {
  readonly name: string;
  readonly http?: { readonly method?: string; readonly requestUri?: string; readonly responseCode?: number };
  readonly input?: OperationRef;
  readonly output?: OperationRef;
  readonly errors?: readonly { readonly shape: string }[];
  /** Superseded by another operation, which may share its HTTP binding (S3's PutBucketLifecycle). */
  readonly deprecated?: boolean;
  readonly [key: string]: unknown;
}

export interface ServiceModel {
  readonly metadata: ServiceMetadata;
  readonly operations: Readonly<Record<string, OperationModel>>;
  readonly shapes: Readonly<Record<string, Shape>>;
  readonly [key: string]: unknown;
}

/** A plain structure value as handlers see it: member name → value. */
export type StructureValue = Record<string, unknown>;
