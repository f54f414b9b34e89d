// CloudTrail's LookupEvents, answered from Gantry's audit trail, so that
// `aws cloudtrail lookup-events` shows every call made to this Gantry (for the caller's
// account), with CloudTrail's record shape in CloudTrailEvent.
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html

import { AwsError } from '../../core/aws-error.js';
import type { AuditFilter, AuditLog, AuditRecord } from '../../engines/audit/audit-log.js';
import type { ServiceDefinition } from '../service-types.js';

const READ_ONLY = /^(Get|List|Describe|Lookup|Simulate|Head)/;
const FILTERABLE = new Set(['EventId', 'EventName', 'ReadOnly', 'Username', 'EventSource', 'AccessKeyId', 'ResourceType', 'ResourceName']);

function identityOf(record: AuditRecord) {
  const arn = record.principal ?? '';
  const type = arn.endsWith(':root') ? 'Root' : arn.includes(':assumed-role/') ? 'AssumedRole' : arn.includes(':user/') ? 'IAMUser' : 'Unknown';
  return {
    type,
    arn,
    accountId: record.account,
    accessKeyId: record.accessKeyId,
    ...(type === 'IAMUser' ? { userName: arn.slice(arn.lastIndexOf('/') + 1) } : {}),
  };
}

function username(record: AuditRecord): string {
  const arn = record.principal ?? '';
  if (arn.endsWith(':root')) return 'root';
  return arn.slice(arn.lastIndexOf('/') + 1);
}

function eventShape(record: AuditRecord, region: string) {
  const eventSource = `${record.service}.amazonaws.com`;
  const eventName = record.operation ?? 'Unknown';
  const readOnly = READ_ONLY.test(eventName);
  const cloudTrailEvent = {
    eventVersion: '1.08',
    userIdentity: identityOf(record),
    eventTime: record.time.replace(/\.\d{3}Z$/, 'Z'),
    eventSource,
    eventName,
    awsRegion: region,
    sourceIPAddress: record.sourceIp,
    userAgent: record.userAgent,
    ...(record.errorCode ? { errorCode: record.errorCode, errorMessage: record.errorMessage } : {}),
    requestParameters: null,
    responseElements: null,
    requestID: record.requestId,
    eventID: record.requestId,
    readOnly,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: record.account,
  };
  return {
    EventId: record.requestId,
    EventName: eventName,
    ReadOnly: String(readOnly),
    AccessKeyId: record.accessKeyId ?? undefined,
    EventTime: new Date(record.time),
    EventSource: eventSource,
    Username: username(record),
    Resources: record.decisions.map((d) => ({ ResourceType: d.action.split(':')[0] ?? '', ResourceName: d.resource })),
    CloudTrailEvent: JSON.stringify(cloudTrailEvent),
  };
}

export function cloudtrailService(audit: AuditLog): ServiceDefinition {
  return {
    name: 'cloudtrail',
    operations: {
      LookupEvents: (input, ctx) => {
        ctx.authorize({ action: 'cloudtrail:LookupEvents', resource: '*' });
        const attributes = Array.isArray(input['LookupAttributes']) ? (input['LookupAttributes'] as { AttributeKey: string; AttributeValue: string }[]) : [];
        if (attributes.length > 1) throw new AwsError('InvalidLookupAttributesException', 'You cannot specify more than one lookup attribute.', 400);
        const attribute = attributes[0];
        if (attribute && !FILTERABLE.has(attribute.AttributeKey)) {
          throw new AwsError('InvalidLookupAttributesException', `Invalid lookup attribute key: ${attribute.AttributeKey}`, 400);
        }
        const max = typeof input['MaxResults'] === 'number' ? Math.min(50, input['MaxResults']) : 50;
        const token = typeof input['NextToken'] === 'string' ? Number(input['NextToken']) : undefined;
        if (token !== undefined && !Number.isInteger(token)) throw new AwsError('InvalidNextTokenException', 'Invalid NextToken.', 400);
        const filter: AuditFilter = {
          account: ctx.caller.account,
          ...(input['StartTime'] instanceof Date ? { since: input['StartTime'].toISOString() } : {}),
          ...(input['EndTime'] instanceof Date ? { until: input['EndTime'].toISOString() } : {}),
          ...(attribute?.AttributeKey === 'EventId' ? { requestId: attribute.AttributeValue } : {}),
          ...(attribute?.AttributeKey === 'EventName' ? { operation: attribute.AttributeValue } : {}),
          ...(attribute?.AttributeKey === 'AccessKeyId' ? { accessKeyId: attribute.AttributeValue } : {}),
          ...(attribute?.AttributeKey === 'EventSource' ? { service: attribute.AttributeValue.replace(/\.amazonaws\.com$/, '') } : {}),
          ...(token !== undefined ? { before: token } : {}),
          limit: attribute && ['ReadOnly', 'Username', 'ResourceType', 'ResourceName'].includes(attribute.AttributeKey) ? 1000 : max + 1,
        };
        let records = audit.query(filter);
        if (attribute?.AttributeKey === 'ReadOnly') records = records.filter((r) => String(READ_ONLY.test(r.operation ?? '')) === attribute.AttributeValue);
        if (attribute?.AttributeKey === 'Username') records = records.filter((r) => username(r) === attribute.AttributeValue);
        if (attribute?.AttributeKey === 'ResourceName') records = records.filter((r) => r.decisions.some((d) => d.resource === attribute.AttributeValue));
        if (attribute?.AttributeKey === 'ResourceType') records = records.filter((r) => r.decisions.some((d) => d.action.startsWith(`${attribute.AttributeValue}:`)));
        const pageItems = records.slice(0, max);
        const more = records.length > max ? pageItems[pageItems.length - 1]?.seq : undefined;
        return { Events: pageItems.map((r) => eventShape(r, ctx.region)), ...(more !== undefined ? { NextToken: String(more) } : {}) };
      },
    },
  };
}
