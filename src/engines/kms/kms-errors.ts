// KMS's errors with the codes of the service model and AWS's texts, all in one place.
// Observed texts come from AWS-recorded responses (the LocalStack KMS and S3 snapshots
// recorded against AWS) and public issues quoting real responses; see behavior-spec §3.
// https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html

import { AwsError } from '../../core/aws-error.js';

const kms = (code: string, message: string) => new AwsError(code, message, 400);

/** `<key ARN> is disabled.` [OBS] */
export const disabled = (keyArn: string) => kms('DisabledException', `${keyArn} is disabled.`);
/** `<key ARN> is pending deletion.` [OBS] */
export const pendingDeletion = (keyArn: string) => kms('KMSInvalidStateException', `${keyArn} is pending deletion.`);
/** CancelKeyDeletion on a key that is not pending deletion. */
export const notPendingDeletion = (keyArn: string) => kms('KMSInvalidStateException', `${keyArn} is not pending deletion.`);
export const pendingImport = (keyArn: string) => kms('KMSInvalidStateException', `${keyArn} is pending import.`);
export const unavailable = (keyArn: string) => kms('KMSInvalidStateException', `${keyArn} is unavailable.`);

/** A well-formed key id or ARN that names no key. [OBS] */
export const keyNotFound = (keyArn: string) => kms('NotFoundException', `Key '${keyArn}' does not exist`);
/** Something that is not a key id, key ARN, alias name or alias ARN. [OBS] */
export const invalidKeyId = (keyId: string) => kms('NotFoundException', `Invalid keyId '${keyId}'`);
/** An ARN of another region. [OBS] */
export const invalidArnRegion = (region: string) => kms('NotFoundException', `Invalid arn ${region}`);
export const aliasNotFound = (aliasArn: string) => kms('NotFoundException', `Alias ${aliasArn} is not found.`);
export const aliasExists = (aliasArn: string) => kms('AlreadyExistsException', `An alias with the name ${aliasArn} already exists`);
/**
 * [OBS] ValidationException text for an alias without the prefix. [INFER] AWS gives the same
 * answer to `alias/` with no name after it (the one alias-name text on record; the rule is
 * "alias/ followed by a name").
 */
export const aliasPrefix = () =>
  kms('ValidationException', 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html');
/** `alias/aws/` is AWS's: KMS refuses it with no message. [INFER] as moto gives it (body `{"__type":"NotAuthorizedException"}`). */
export const reservedAlias = () => kms('NotAuthorizedException', '');
/** The model's pattern admits `:`, KMS does not. [INFER] the text, from moto's tests written against AWS. */
export const aliasCharacters = (name: string) => kms('ValidationException', `${name} contains invalid characters for an alias`);

/** A ciphertext that does not decrypt (wrong context, tampered, not ours): AWS sends no message. [OBS] */
export const invalidCiphertext = () => kms('InvalidCiphertextException', '');
/** Decrypt with a KeyId other than the key that encrypted. [OBS] */
export const incorrectKey = () => kms('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.');
/** The key a ciphertext names is gone (or in another region). [OBS] via S3 */
export const ciphertextKeyUnknown = () =>
  new AwsError(
    'AccessDeniedException',
    'The ciphertext refers to a customer master key that does not exist, does not exist in this region, or you are not allowed to access.',
    400,
  );

/** Key-policy texts. KMS answers an unparsable document with an empty message [OBS aws-sdk-ruby#1784]. */
export const malformedPolicy = (message = '') => kms('MalformedPolicyDocumentException', message);
export const INVALID_PRINCIPALS = 'Policy contains a statement with one or more invalid principals.';
export const LOCKOUT = 'The new key policy will not allow you to update the key policy in the future.';

/** A RotateKeyOnDemand beyond the limit. [OBS] test_key_rotations_limits, LocalStack's AWS-recorded KMS snapshot */
export const onDemandRotationLimit = (keyArn: string) =>
  kms('LimitExceededException', `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${keyArn}`);
export const dryRunOperation = () => kms('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');
export const invalidKeyUsage = (message: string) => kms('InvalidKeyUsageException', message);
export const validation = (message: string) => kms('ValidationException', message);
export const unsupported = (message: string) => kms('UnsupportedOperationException', message);
/** CreateGrant naming something that is not a principal, or an IAM user or role that does not exist. [OBS] (a botocore error quoted in a public repository) */
export const invalidPrincipalArn = (arn: string) => kms('InvalidArnException', `ARN does not refer to a valid principal: ${arn}`);
export const invalidGrantToken = () => kms('InvalidGrantTokenException', 'Invalid grant token');
export const invalidGrantId = () => kms('InvalidGrantIdException', 'Grant ID not found');
export const notFound = (message: string) => kms('NotFoundException', message);
export const tagError = (message: string) => kms('TagException', message);
