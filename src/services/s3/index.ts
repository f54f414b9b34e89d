// The S3 service: every operation Gantry serves, by its AWS name.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html

import type { ObjectContext } from '../../engines/objects/object-context.js';
import type { ServiceDefinition } from '../service-types.js';
import { aclOperations } from './acl-operations.js';
import { bucketConfigOperations } from './bucket-config-operations.js';
import type { BucketPolicyContext } from './bucket-policy-checks.js';
import { bucketOperations } from './bucket-operations.js';
import { refuseCustomerKeys } from './customer-keys.js';
import { guardingInputs } from './input-guards.js';
import { refuseUnbuiltChecksums } from './unbuilt-checksums.js';
import { s3InputError } from './s3-validation.js';
import { listOperations } from './list-operations.js';
import { multipartOperations } from './multipart-operations.js';
import { objectAttributesOperations } from './object-attributes.js';
import { objectOperations } from './object-operations.js';
import { unbuiltOperations } from './unbuilt-operations.js';
import { postObjectOperations } from './post-object.js';
import { unconfiguredBucketFeatures } from './unconfigured-bucket-features.js';

/** What S3 refuses before any handler runs (input-guards.ts). */
const GUARDS = [refuseCustomerKeys, refuseUnbuiltChecksums];

/** `policies`: what bucket policies are judged against (S3's actions and condition keys, IAM's principals). */
export function s3Service(objects: ObjectContext, policies: BucketPolicyContext): ServiceDefinition {
  return {
    name: 's3',
    inputError: s3InputError,
    // Operations whose model has no such members never carry them; checking all is simplest.
    operations: {
      ...guardingInputs({
        ...bucketOperations(objects),
        ...bucketConfigOperations(objects, policies),
        ...unconfiguredBucketFeatures(objects),
        ...aclOperations(objects),
        ...objectOperations(objects),
        ...objectAttributesOperations(objects),
        ...listOperations(objects),
        ...multipartOperations(objects),
        ...unbuiltOperations(objects),
      }, GUARDS),
      // POST Object runs the guards on the PutObject input its form describes.
      ...postObjectOperations(objects, GUARDS),
    },
  };
}
