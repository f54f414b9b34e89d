// Named credential sets for `gantry env --profile NAME`: the access key of the IAM user NAME
// in the account, created the first time and kept in the data directory's profiles.json
// (mode 0600) so that later calls print the same key.

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { jsonLogger } from '../core/logger.js';
import { AwsError } from '../core/aws-error.js';
import { createAccessKey } from '../engines/identity/access-keys.js';
import { openPlatform } from '../server/platform.js';
import { writeFileAtomicSync } from '../store/index.js';

interface Profile {
  readonly accountId: string;
  readonly userName: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export async function profileCredentials(dir: string, accountId: string, userName: string): Promise<Profile | string> {
  const path = resolve(dir, 'profiles.json');
  const profiles: Profile[] = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Profile[]) : [];
  const platform = openPlatform({ dataDir: dir, region: 'us-east-1', log: jsonLogger(() => undefined, true) });
  try {
    const known = profiles.find((p) => p.accountId === accountId && p.userName.toLowerCase() === userName.toLowerCase());
    const stillValid = known && platform.identity.store.getCredential(known.accessKeyId)?.status === 'Active';
    if (known && stillValid) return known;
    const key = createAccessKey(platform.identity, accountId, userName);
    const profile: Profile = { accountId, userName, accessKeyId: key.record.accessKeyId, secretAccessKey: key.secretAccessKey };
    const others = profiles.filter((p) => p !== known);
    writeFileAtomicSync(path, `${JSON.stringify([...others, profile], null, 2)}\n`, { mode: 0o600 });
    return profile;
  } catch (error) {
    if (error instanceof AwsError) return `cannot make credentials for IAM user ${userName} in ${accountId}: ${error.message}`;
    throw error;
  } finally {
    platform.close();
  }
}
