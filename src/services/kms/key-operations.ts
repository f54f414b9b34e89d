// KMS key management operations: CreateKey, DescribeKey, ListKeys, EnableKey, DisableKey,
// UpdateKeyDescription, ScheduleKeyDeletion, CancelKeyDeletion, key policies and tags.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_Operations.html

import type { Kms, KeyRecord } from '../../engines/kms/index.js';
import { getKeyPolicy, listKeyPolicies, putKeyPolicy } from '../../engines/kms/key-policy-operations.js';
import { listResourceTags, tagResource, untagResource } from '../../engines/kms/key-tags.js';
import {
  cancelKeyDeletion, createKey, describeKey, disableKey, enableKey, listKeys, scheduleKeyDeletion, updateKeyDescription,
} from '../../engines/kms/keys.js';
import type { OperationHandler, RequestContext } from '../service-types.js';
import { callOf, optBool, optNum, optStr, page, str, strList, tags } from './kms-input.js';
import { keyMetadata } from './kms-shapes.js';

export function keyOperations(kms: Kms): Record<string, OperationHandler> {
  const k = kms.context;
  const metadata = (key: KeyRecord) => keyMetadata(key, k.store.getMaterial(key.keyId, key.currentVersion)?.materialId);
  const decide = (ctx: RequestContext) => (check: Parameters<RequestContext['decide']>[0]) => ctx.decide(check);
  return {
    CreateKey: (input, ctx) => {
      const policy = optStr(input, 'Policy');
      const description = optStr(input, 'Description');
      const keyUsage = optStr(input, 'KeyUsage');
      const keySpec = optStr(input, 'KeySpec') ?? optStr(input, 'CustomerMasterKeySpec');
      const origin = optStr(input, 'Origin');
      const multiRegion = optBool(input, 'MultiRegion');
      const customKeyStoreId = optStr(input, 'CustomKeyStoreId');
      const xksKeyId = optStr(input, 'XksKeyId');
      // Passed only when sent: kms:BypassPolicyLockoutSafetyCheck is absent from a request without it.
      const bypass = optBool(input, 'BypassPolicyLockoutSafetyCheck');
      const key = createKey(k, callOf(ctx), {
        ...(policy !== undefined ? { policy } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(keyUsage !== undefined ? { keyUsage } : {}),
        ...(keySpec !== undefined ? { keySpec } : {}),
        ...(origin !== undefined ? { origin } : {}),
        ...(multiRegion !== undefined ? { multiRegion } : {}),
        ...(customKeyStoreId !== undefined ? { customKeyStoreId } : {}),
        ...(xksKeyId !== undefined ? { xksKeyId } : {}),
        ...(bypass !== undefined ? { bypassPolicyLockoutSafetyCheck: bypass } : {}),
        tags: tags(input),
      }, decide(ctx));
      return { KeyMetadata: metadata(key) };
    },
    DescribeKey: (input, ctx) => ({ KeyMetadata: metadata(describeKey(k, callOf(ctx, input), str(input, 'KeyId'))) }),
    ListKeys: (input, ctx) => {
      const { items, more } = page(listKeys(k, callOf(ctx)), input);
      return { Keys: items.map((key) => ({ KeyId: key.keyId, KeyArn: key.arn })), ...more };
    },
    EnableKey: (input, ctx) => (enableKey(k, callOf(ctx), str(input, 'KeyId')), {}),
    DisableKey: (input, ctx) => (disableKey(k, callOf(ctx), str(input, 'KeyId')), {}),
    UpdateKeyDescription: (input, ctx) => (updateKeyDescription(k, callOf(ctx), str(input, 'KeyId'), str(input, 'Description')), {}),
    ScheduleKeyDeletion: (input, ctx) => {
      const key = scheduleKeyDeletion(k, callOf(ctx), str(input, 'KeyId'), optNum(input, 'PendingWindowInDays'));
      return { KeyId: key.arn, DeletionDate: key.deletionDate, KeyState: key.state, PendingWindowInDays: key.pendingWindowInDays };
    },
    CancelKeyDeletion: (input, ctx) => ({ KeyId: cancelKeyDeletion(k, callOf(ctx), str(input, 'KeyId')).arn }),
    GetKeyPolicy: (input, ctx) => {
      const got = getKeyPolicy(k, callOf(ctx), str(input, 'KeyId'), optStr(input, 'PolicyName'));
      return { Policy: got.policy, PolicyName: got.name };
    },
    PutKeyPolicy: (input, ctx) => {
      const name = optStr(input, 'PolicyName');
      const bypass = optBool(input, 'BypassPolicyLockoutSafetyCheck');
      putKeyPolicy(k, callOf(ctx), str(input, 'KeyId'), str(input, 'Policy'), {
        ...(name !== undefined ? { name } : {}),
        ...(bypass !== undefined ? { bypass } : {}),
        decide: decide(ctx),
      });
      return {};
    },
    ListKeyPolicies: (input, ctx) => {
      const { items, more } = page(listKeyPolicies(k, callOf(ctx), str(input, 'KeyId')), input);
      return { PolicyNames: items, ...more };
    },
    TagResource: (input, ctx) => (tagResource(k, callOf(ctx), str(input, 'KeyId'), tags(input)), {}),
    UntagResource: (input, ctx) => (untagResource(k, callOf(ctx), str(input, 'KeyId'), strList(input, 'TagKeys')), {}),
    ListResourceTags: (input, ctx) => {
      const { items, more } = page(listResourceTags(k, callOf(ctx), str(input, 'KeyId')), input, 50);
      return { Tags: items, ...more };
    },
  };
}
