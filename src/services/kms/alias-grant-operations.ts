// KMS alias and grant operations: CreateAlias, UpdateAlias, DeleteAlias, ListAliases,
// CreateGrant, ListGrants, ListRetirableGrants, RetireGrant, RevokeGrant.
// https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html
// https://docs.aws.amazon.com/kms/latest/developerguide/grants.html

import { createAlias, deleteAlias, listAliases, updateAlias } from '../../engines/kms/aliases.js';
import { createGrant, listGrants, listRetirableGrants, retireGrant, revokeGrant } from '../../engines/kms/grants.js';
import type { Kms } from '../../engines/kms/index.js';
import type { GrantConstraints } from '../../engines/kms/kms-records.js';
import type { OperationHandler } from '../service-types.js';
import { callOf, contextMap, optStr, page, str, strList } from './kms-input.js';
import { aliasEntry, grantEntry } from './kms-shapes.js';

export function aliasGrantOperations(kms: Kms): Record<string, OperationHandler> {
  const k = kms.context;
  return {
    CreateAlias: (input, ctx) => (createAlias(k, callOf(ctx), str(input, 'AliasName'), str(input, 'TargetKeyId')), {}),
    UpdateAlias: (input, ctx) => (updateAlias(k, callOf(ctx), str(input, 'AliasName'), str(input, 'TargetKeyId')), {}),
    DeleteAlias: (input, ctx) => (deleteAlias(k, callOf(ctx), str(input, 'AliasName')), {}),
    ListAliases: (input, ctx) => {
      const { items, more } = page(listAliases(k, callOf(ctx), optStr(input, 'KeyId')), input, 50);
      return { Aliases: items.map(aliasEntry), ...more };
    },
    CreateGrant: (input, ctx) => {
      const retiringPrincipal = optStr(input, 'RetiringPrincipal');
      const name = optStr(input, 'Name');
      const created = createGrant(k, callOf(ctx, input), str(input, 'KeyId'), {
        granteePrincipal: str(input, 'GranteePrincipal'),
        ...(retiringPrincipal !== undefined ? { retiringPrincipal } : {}),
        operations: strList(input, 'Operations'),
        ...(input['Constraints'] ? { constraints: constraints(input['Constraints'] as Record<string, unknown>) } : {}),
        ...(name !== undefined ? { name } : {}),
      });
      return { GrantToken: created.grantToken, GrantId: created.grantId };
    },
    ListGrants: (input, ctx) => {
      const grantId = optStr(input, 'GrantId');
      const granteePrincipal = optStr(input, 'GranteePrincipal');
      const grants = listGrants(k, callOf(ctx), str(input, 'KeyId'), {
        ...(grantId !== undefined ? { grantId } : {}),
        ...(granteePrincipal !== undefined ? { granteePrincipal } : {}),
      });
      const { items, more } = page(grants, input, 50);
      return { Grants: items.map(grantEntry), ...more };
    },
    ListRetirableGrants: (input, ctx) => {
      const { items, more } = page(listRetirableGrants(k, callOf(ctx), str(input, 'RetiringPrincipal')), input, 50);
      return { Grants: items.map(grantEntry), ...more };
    },
    RetireGrant: (input, ctx) => {
      const grantToken = optStr(input, 'GrantToken');
      const keyRef = optStr(input, 'KeyId');
      const grantId = optStr(input, 'GrantId');
      retireGrant(k, callOf(ctx, input), {
        ...(grantToken !== undefined ? { grantToken } : {}),
        ...(keyRef !== undefined ? { keyRef } : {}),
        ...(grantId !== undefined ? { grantId } : {}),
      });
      return {};
    },
    RevokeGrant: (input, ctx) => (revokeGrant(k, callOf(ctx, input), str(input, 'KeyId'), str(input, 'GrantId')), {}),
  };
}

function constraints(raw: Record<string, unknown>): GrantConstraints {
  return {
    ...(raw['EncryptionContextSubset'] ? { EncryptionContextSubset: contextMap(raw, 'EncryptionContextSubset') } : {}),
    ...(raw['EncryptionContextEquals'] ? { EncryptionContextEquals: contextMap(raw, 'EncryptionContextEquals') } : {}),
  };
}
