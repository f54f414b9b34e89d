// The KMS service (JSON 1.1, target prefix TrentService): every operation Gantry serves, by
// its AWS name, over the KMS engine. Each handler authorizes through the request context.
// https://docs.aws.amazon.com/kms/latest/APIReference/Welcome.html

import type { Kms } from '../../engines/kms/index.js';
import type { ServiceDefinition } from '../service-types.js';
import { aliasGrantOperations } from './alias-grant-operations.js';
import { cryptoOperations } from './crypto-operations.js';
import { keyOperations } from './key-operations.js';
import { rotationOperations } from './rotation-operations.js';

export function kmsService(kms: Kms): ServiceDefinition {
  return {
    name: 'kms',
    operations: {
      ...keyOperations(kms),
      ...rotationOperations(kms),
      ...cryptoOperations(kms),
      ...aliasGrantOperations(kms),
    },
  };
}
