// Organizations operations on the tree: the organization, its root, OUs, and the parent and
// child relations.
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateOrganizationalUnit.html
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListChildren.html

import { targetArn, unitArn } from '../../engines/organizations/organization-arns.js';
import type { OrganizationContext } from '../../engines/organizations/organization-context.js';
import * as tree from '../../engines/organizations/organization-tree.js';
import type { ContextValue } from '../../iam/index.js';
import { str, tagList } from '../iam/iam-input.js';
import type { OperationHandler } from '../service-types.js';
import { authorizeOrg } from './organization-access.js';
import { organizationShape, pageOf, rootShape, unitShape } from './organization-shapes.js';

export function requestTagContext(tags: readonly { Key: string; Value: string }[]): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  for (const tag of tags) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
  if (tags.length > 0) context['aws:TagKeys'] = tags.map((t) => t.Key);
  return context;
}

export function treeOperations(orgs: OrganizationContext): Record<string, OperationHandler> {
  return {
    DescribeOrganization: (_input, ctx) => {
      const org = authorizeOrg(orgs, ctx, { operation: 'DescribeOrganization', anyMember: true });
      return { Organization: organizationShape(org) };
    },
    ListRoots: (input, ctx) => {
      const org = authorizeOrg(orgs, ctx, { operation: 'ListRoots' });
      const page = pageOf([org], input['NextToken'], input['MaxResults']);
      return { Roots: page.items.map(rootShape), ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
    },
    CreateOrganizationalUnit: (input, ctx) => {
      const parentId = str(input, 'ParentId');
      const org = authorizeOrg(orgs, ctx, {
        operation: 'CreateOrganizationalUnit',
        resources: (o) => [targetArn(o, parentId)],
        context: requestTagContext(tagList(input)),
      });
      return { OrganizationalUnit: unitShape(org, tree.createUnit(orgs, parentId, str(input, 'Name'))) };
    },
    DescribeOrganizationalUnit: (input, ctx) => {
      const id = str(input, 'OrganizationalUnitId');
      const org = authorizeOrg(orgs, ctx, { operation: 'DescribeOrganizationalUnit', resources: (o) => [unitArn(o, id)] });
      return { OrganizationalUnit: unitShape(org, tree.getUnit(orgs, id)) };
    },
    ListOrganizationalUnitsForParent: (input, ctx) => {
      const parentId = str(input, 'ParentId');
      const org = authorizeOrg(orgs, ctx, { operation: 'ListOrganizationalUnitsForParent', resources: (o) => [targetArn(o, parentId)] });
      const page = pageOf(tree.listUnits(orgs, parentId), input['NextToken'], input['MaxResults']);
      return { OrganizationalUnits: page.items.map((u) => unitShape(org, u)), ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
    },
    DeleteOrganizationalUnit: (input, ctx) => {
      const id = str(input, 'OrganizationalUnitId');
      authorizeOrg(orgs, ctx, { operation: 'DeleteOrganizationalUnit', resources: (o) => [unitArn(o, id)] });
      tree.deleteUnit(orgs, id);
      return {};
    },
    ListParents: (input, ctx) => {
      const childId = str(input, 'ChildId');
      authorizeOrg(orgs, ctx, { operation: 'ListParents', resources: (o) => [targetArn(o, childId)] });
      const parent = tree.parentOf(orgs, childId);
      return { Parents: [{ Id: parent.id, Type: parent.type }] };
    },
    ListChildren: (input, ctx) => {
      const parentId = str(input, 'ParentId');
      const type = str(input, 'ChildType') as 'ACCOUNT' | 'ORGANIZATIONAL_UNIT';
      authorizeOrg(orgs, ctx, { operation: 'ListChildren', resources: (o) => [targetArn(o, parentId)] });
      const page = pageOf(tree.childrenOf(orgs, parentId, type), input['NextToken'], input['MaxResults']);
      return { Children: page.items.map((Id) => ({ Id, Type: type })), ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
    },
  };
}
