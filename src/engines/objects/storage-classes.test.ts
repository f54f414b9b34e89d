// Storage classes: STANDARD by default, the classes of a general purpose bucket accepted,
// anything else InvalidStorageClass, records keeping only what is not STANDARD.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { S3Error } from './s3-errors.js';
import { isArchived, requestedStorageClass, storageClassMember, storageClassOf } from './storage-classes.js';

test('a request names a class of a general purpose bucket, or gets STANDARD', () => {
  assert.equal(requestedStorageClass(undefined), 'STANDARD');
  for (const name of ['STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER', 'DEEP_ARCHIVE', 'GLACIER_IR']) {
    assert.equal(requestedStorageClass(name), name);
  }
  for (const name of ['glacier', 'COLD', '', 'OUTPOSTS', 'EXPRESS_ONEZONE']) {
    assert.throws(() => requestedStorageClass(name), (error: S3Error) => {
      assert.equal(error.code, 'InvalidStorageClass');
      assert.equal(error.message, 'The storage class you specified is not valid');
      assert.equal(error.status, 400);
      return true;
    });
  }
});

test('records keep only a class that is not STANDARD; a record without one is STANDARD', () => {
  assert.deepEqual(storageClassMember('STANDARD'), {});
  assert.deepEqual(storageClassMember(undefined), {});
  assert.deepEqual(storageClassMember('GLACIER'), { storageClass: 'GLACIER' });
  assert.equal(storageClassOf({}), 'STANDARD');
  assert.equal(storageClassOf({ storageClass: 'STANDARD_IA' }), 'STANDARD_IA');
});

test('only GLACIER and DEEP_ARCHIVE need a restore before their bytes are read', () => {
  assert.equal(isArchived('GLACIER'), true);
  assert.equal(isArchived('DEEP_ARCHIVE'), true);
  assert.equal(isArchived('GLACIER_IR'), false);
  assert.equal(isArchived('STANDARD_IA'), false);
  assert.equal(isArchived('STANDARD'), false);
});
