// Bucket configuration: policy (validated, enforced as the resource policy) and its status, default
// encryption, tags, public access block, ownership controls and CORS (checked by cors.ts, applied by cors-requests.ts).
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-ownership-existing-bucket.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html

import { getBucket, updateBucket } from '../../engines/objects/buckets.js';
import type { ObjectContext } from '../../engines/objects/object-context.js';
import { OBJECT_OWNERSHIPS, type BucketRecord, type ObjectOwnership } from '../../engines/objects/object-records.js';
import {
  invalidArgument, malformedXml, noOwnershipControls, noPublicAccessBlock, noSuchBucketPolicy, noSuchCors, noSuchTagSet, S3Error,
} from '../../engines/objects/s3-errors.js';
import type { Input, OperationHandler, RequestContext } from '../service-types.js';
import { validateBucketPolicy, isPublicPolicy, type BucketPolicyContext } from './bucket-policy-checks.js';
import { checkCorsRules } from './cors.js';
import { authorizeS3 } from './s3-access.js';
import { str, tagSet } from './s3-input.js';

type Rule = { ApplyServerSideEncryptionByDefault?: { SSEAlgorithm?: string; KMSMasterKeyID?: string }; BucketKeyEnabled?: boolean };

/** `policies`: what bucket policies are judged against. */
export function bucketConfigOperations(objects: ObjectContext, policies: BucketPolicyContext): Record<string, OperationHandler> {
  const bucketFor = (input: Input, ctx: RequestContext, action: string): BucketRecord => {
    const bucket = getBucket(objects, str(input, 'Bucket'));
    authorizeS3(ctx, action, bucket);
    return bucket;
  };
  const change = (name: string, fn: (b: BucketRecord) => void) => updateBucket(objects, name, fn);

  return {
    PutBucketPolicy: async (input, ctx) => {
      const bucket = bucketFor(input, ctx, 's3:PutBucketPolicy');
      const policy = str(input, 'Policy');
      validateBucketPolicy(policy, bucket.name, await policies.catalog(), policies.principals);
      if (bucket.publicAccessBlock?.['BlockPublicPolicy'] === true && isPublicPolicy(policy)) throw new S3Error('AccessDenied', 'Access Denied', 403);
      change(bucket.name, (b) => {
        b.policy = policy;
      });
      return {};
    },
    GetBucketPolicy: (input, ctx) => {
      const bucket = bucketFor(input, ctx, 's3:GetBucketPolicy');
      if (bucket.policy === null) throw noSuchBucketPolicy(bucket.name);
      return { Policy: bucket.policy };
    },
    // IsPublic by the same test that BlockPublicPolicy refuses a policy with (isPublicPolicy);
    // without a policy AWS answers NoSuchBucketPolicy (API_GetBucketPolicyStatus.html).
    GetBucketPolicyStatus: (input, ctx) => {
      const bucket = bucketFor(input, ctx, 's3:GetBucketPolicyStatus');
      if (bucket.policy === null) throw noSuchBucketPolicy(bucket.name);
      return { PolicyStatus: { IsPublic: isPublicPolicy(bucket.policy) } };
    },
    DeleteBucketPolicy: (input, ctx) => {
      const bucket = bucketFor(input, ctx, 's3:DeleteBucketPolicy');
      change(bucket.name, (b) => {
        b.policy = null;
      });
      return {};
    },

    PutBucketEncryption: (input, ctx) => {
      const bucket = bucketFor(input, ctx, 's3:PutEncryptionConfiguration');
      const rules = ((input['ServerSideEncryptionConfiguration'] as { Rules?: Rule[] } | undefined)?.Rules ?? []);
      const rule = rules[0];
      const byDefault = rule?.ApplyServerSideEncryptionByDefault;
      if (rules.length !== 1 || !byDefault?.SSEAlgorithm) throw malformedXml();
      const algorithm = byDefault.SSEAlgorithm;
      if (algorithm !== 'AES256' && algorithm !== 'aws:kms') {
        throw invalidArgument('The encryption method specified is not supported', 'SSEAlgorithm', algorithm);
      }
      if (algorithm === 'AES256' && byDefault.KMSMasterKeyID !== undefined) {
        throw invalidArgument('a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse', 'ApplyServerSideEncryptionByDefault');
      }
      change(bucket.name, (b) => {
        b.encryption = {
          algorithm,
          kmsKeyId: algorithm === 'aws:kms' ? (byDefault.KMSMasterKeyID ?? null) : null,
          bucketKeyEnabled: rule?.BucketKeyEnabled === true,
          configured: true,
        };
      });
      return {};
    },
    GetBucketEncryption: (input, ctx) => {
      const bucket = bucketFor(input, ctx, 's3:GetEncryptionConfiguration');
      const e = bucket.encryption;
      return {
        ServerSideEncryptionConfiguration: {
          Rules: [{
            ApplyServerSideEncryptionByDefault: { SSEAlgorithm: e.algorithm, ...(e.kmsKeyId !== null ? { KMSMasterKeyID: e.kmsKeyId } : {}) },
            BucketKeyEnabled: e.bucketKeyEnabled,
          }],
        },
      };
    },
    DeleteBucketEncryption: (input, ctx) => {
      const bucket = bucketFor(input, ctx, 's3:PutEncryptionConfiguration');
      change(bucket.name, (b) => {
        b.encryption = { algorithm: 'AES256', kmsKeyId: null, bucketKeyEnabled: false };
      });
      return {};
    },

    PutBucketTagging: (input, ctx) => {
      const bucket = bucketFor(input, ctx, 's3:PutBucketTagging');
      const tags = tagSet((input['Tagging'] as { TagSet?: unknown } | undefined)?.TagSet, 'bucket');
      change(bucket.name, (b) => {
        b.tags = tags;
      });
      return {};
    },
    GetBucketTagging: (input, ctx) => {
      const bucket = bucketFor(input, ctx, 's3:GetBucketTagging');
      if (!bucket.tags || bucket.tags.length === 0) throw noSuchTagSet(bucket.name);
      return { TagSet: bucket.tags };
    },
    DeleteBucketTagging: (input, ctx) => {
      const bucket = bucketFor(input, ctx, 's3:PutBucketTagging');
      change(bucket.name, (b) => {
        b.tags = null;
      });
      return {};
    },

    PutPublicAccessBlock: (input, ctx) => {
      const bucket = bucketFor(input, ctx, 's3:PutBucketPublicAccessBlock');
      const config = (input['PublicAccessBlockConfiguration'] as Record<string, unknown> | undefined) ?? {};
      const block: Record<string, boolean> = {};
      for (const name of ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets']) block[name] = config[name] === true;
      change(bucket.name, (b) => {
        b.publicAccessBlock = block;
      });
      return {};
    },
    GetPublicAccessBlock: (input, ctx) => {
      const bucket = bucketFor(input, ctx, 's3:GetBucketPublicAccessBlock');
      if (!bucket.publicAccessBlock) throw noPublicAccessBlock(bucket.name);
      return { PublicAccessBlockConfiguration: bucket.publicAccessBlock };
    },
    DeletePublicAccessBlock: (input, ctx) => {
      const bucket = bucketFor(input, ctx, 's3:PutBucketPublicAccessBlock');
      change(bucket.name, (b) => {
        b.publicAccessBlock = null;
      });
      return {};
    },

    // Only the setting is kept: under BucketOwnerPreferred or ObjectWriter ACL headers are accepted
    // (acl-headers.ts) but Gantry implements no ACLs, so there is no object ownership to change.
    PutBucketOwnershipControls: (input, ctx) => {
      const bucket = bucketFor(input, ctx, 's3:PutBucketOwnershipControls');
      const rules = (input['OwnershipControls'] as { Rules?: Array<{ ObjectOwnership?: string }> } | undefined)?.Rules;
      const ownership = rules?.[0]?.ObjectOwnership;
      // [INFER] AWS's answer to zero or several rules, or an unknown setting: MalformedXML.
      if (rules?.length !== 1 || !OBJECT_OWNERSHIPS.includes(ownership as ObjectOwnership)) throw malformedXml();
      change(bucket.name, (b) => {
        b.objectOwnership = ownership as ObjectOwnership;
      });
      return {};
    },
    GetBucketOwnershipControls: (input, ctx) => {
      const bucket = bucketFor(input, ctx, 's3:GetBucketOwnershipControls');
      if (bucket.objectOwnership === undefined) throw noOwnershipControls(bucket.name);
      return { OwnershipControls: { Rules: [{ ObjectOwnership: bucket.objectOwnership }] } };
    },
    DeleteBucketOwnershipControls: (input, ctx) => {
      const bucket = bucketFor(input, ctx, 's3:PutBucketOwnershipControls');
      // Without ownership controls a bucket accepts ACLs again, as AWS buckets did before them.
      change(bucket.name, (b) => {
        delete b.objectOwnership;
      });
      return {};
    },

    PutBucketCors: (input, ctx) => {
      const bucket = bucketFor(input, ctx, 's3:PutBucketCORS');
      const rules = checkCorsRules((input['CORSConfiguration'] as { CORSRules?: unknown } | undefined)?.CORSRules);
      change(bucket.name, (b) => {
        b.cors = rules;
      });
      return {};
    },
    GetBucketCors: (input, ctx) => {
      const bucket = bucketFor(input, ctx, 's3:GetBucketCORS');
      if (!bucket.cors) throw noSuchCors(bucket.name);
      return { CORSRules: bucket.cors };
    },
    DeleteBucketCors: (input, ctx) => {
      const bucket = bucketFor(input, ctx, 's3:PutBucketCORS');
      change(bucket.name, (b) => {
        b.cors = null;
      });
      return {};
    },
  };
}
