// `gantry account create`: CreateAccount (and MoveAccount into --ou) through the Organizations
// API as the management account's root user: via the running Gantry, or else by serving the
// data directory on an ephemeral loopback port for the command.

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatAmzDate } from '../core/sigv4/amz-date.js';
import { buildCanonicalRequest, buildStringToSign, credentialScope, deriveSigningKey, sha256Hex, signatureHex } from '../core/sigv4/index.js';
import { jsonLogger } from '../core/logger.js';
import { startServer } from '../server/http-server.js';
import { openPlatform } from '../server/platform.js';
import { parseFlags } from './flags.js';
import { DEFAULT_DATA_DIR } from './up.js';

const USAGE = `usage: gantry account create [--id 12DIGITS] [--ou NAME] [--name NAME] [--email EMAIL] [--data-dir DIR]

Creates a member account in the organization, with its own root user and root credentials
(added to DIR/root-credentials.json; print them with 'gantry env --account ID').
  --id     the account id (default: a random unused 12-digit id)
  --ou     the OU to put it in, found by name anywhere in the tree, or created under the root
  --name   the account name (default: account-ID)
  --email  the account email (default: NAME@gantry.local)
The command calls the Organizations API as the management account's root user: through the
running Gantry when DIR has one (so its caches stay right), otherwise by serving DIR on an
ephemeral loopback port for the duration of the command.`;

interface Root {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
}

class ApiError extends Error {}

type Call = (operation: string, input: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** A SigV4-signed Organizations call (JSON 1.1) to `url`. */
function caller(url: string, region: string, root: Root): Call {
  return async (operation, input) => {
    const body = JSON.stringify(input);
    const host = new URL(url).host;
    const amzDate = formatAmzDate(new Date());
    const target = `AWSOrganizationsV20161128.${operation}`;
    const contentType = 'application/x-amz-json-1.1';
    const canonical = buildCanonicalRequest({
      method: 'POST',
      canonicalUri: '/',
      canonicalQuery: '',
      canonicalHeaders: `content-type:${contentType}\nhost:${host}\nx-amz-date:${amzDate}\nx-amz-target:${target}\n`,
      signedHeaders: 'content-type;host;x-amz-date;x-amz-target',
      payloadHash: sha256Hex(body),
    });
    const scope = credentialScope(amzDate.slice(0, 8), region, 'organizations');
    const signature = signatureHex(deriveSigningKey(root.secretAccessKey, amzDate.slice(0, 8), region, 'organizations'), buildStringToSign(amzDate, scope, canonical));
    const response = await fetch(`${url}/`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-amz-date': amzDate,
        'x-amz-target': target,
        authorization: `AWS4-HMAC-SHA256 Credential=${root.accessKeyId}/${scope}, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${signature}`,
      },
      body,
    });
    const text = await response.text();
    const parsed = (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
    if (!response.ok) {
      const type = String(parsed['__type'] ?? response.status);
      throw new ApiError(`${operation}: ${type.slice(type.lastIndexOf('#') + 1)}: ${String(parsed['message'] ?? parsed['Message'] ?? '')}`);
    }
    return parsed;
  };
}

function readRoots(dir: string): Root[] {
  const path = resolve(dir, 'root-credentials.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Root[]) : [];
}

/** The running Gantry's endpoint, when server.json names one that answers. */
async function runningServer(dir: string): Promise<{ url: string; region: string } | null> {
  const path = resolve(dir, 'server.json');
  if (!existsSync(path)) return null;
  const server = JSON.parse(readFileSync(path, 'utf8')) as { url: string; region?: string };
  try {
    await fetch(server.url, { method: 'GET', signal: AbortSignal.timeout(2000) });
    return { url: server.url, region: server.region ?? 'us-east-1' };
  } catch {
    return null;
  }
}

/** Finds an OU by name anywhere under the root (breadth first), or creates it under the root. */
async function ouNamed(call: Call, rootId: string, name: string): Promise<string> {
  const queue = [rootId];
  for (let parent = queue.shift(); parent !== undefined; parent = queue.shift()) {
    let token: string | undefined;
    do {
      const page = await call('ListOrganizationalUnitsForParent', { ParentId: parent, ...(token ? { NextToken: token } : {}) });
      for (const ou of (page['OrganizationalUnits'] ?? []) as { Id: string; Name: string }[]) {
        if (ou.Name === name) return ou.Id;
        queue.push(ou.Id);
      }
      token = page['NextToken'] as string | undefined;
    } while (token);
  }
  const created = await call('CreateOrganizationalUnit', { ParentId: rootId, Name: name });
  return (created['OrganizationalUnit'] as { Id: string }).Id;
}

/** CreateAccount (and MoveAccount into the OU) as the management account; returns "ID in PARENT". */
async function create(asManagement: Call, options: { id?: string; ou?: string; name?: string; email?: string }): Promise<string> {
  const name = options.name ?? (options.id ? `account-${options.id}` : 'member account');
  const email = options.email ?? `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}@gantry.local`;
  const rootId = ((await asManagement('ListRoots', {}))['Roots'] as { Id: string }[])[0]?.Id as string;
  const ouId = options.ou !== undefined ? await ouNamed(asManagement, rootId, options.ou) : null;
  const created = await asManagement('CreateAccount', {
    AccountName: name,
    Email: email,
    // Gantry extension: this tag picks the new account's id.
    ...(options.id ? { Tags: [{ Key: 'gantry:AccountId', Value: options.id }] } : {}),
  });
  const accountId = (created['CreateAccountStatus'] as { AccountId: string }).AccountId;
  if (ouId) await asManagement('MoveAccount', { AccountId: accountId, SourceParentId: rootId, DestinationParentId: ouId });
  return `${accountId}${ouId ? ` in ${ouId} (${options.ou})` : ` in ${rootId}`}`;
}

export async function runAccount(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'create') {
    process.stderr.write(`gantry account: unknown subcommand '${sub ?? ''}'\n${USAGE}\n`);
    return 2;
  }
  const flags = parseFlags(rest, ['id', 'ou', 'name', 'email', 'data-dir'], ['help']);
  if (!flags.ok || flags.switches.has('help')) {
    process.stderr.write(`${flags.ok ? '' : `gantry account create: ${flags.error}\n`}${USAGE}\n`);
    return flags.ok ? 0 : 2;
  }
  const { id, ou, name, email } = flags.values;
  if (id !== undefined && !/^\d{12}$/.test(id)) {
    process.stderr.write('gantry account create: --id must be 12 digits\n');
    return 2;
  }
  const dir = resolve(flags.values['data-dir'] ?? DEFAULT_DATA_DIR);
  const options = { ...(id ? { id } : {}), ...(ou ? { ou } : {}), ...(name ? { name } : {}), ...(email ? { email } : {}) };
  const running = await runningServer(dir);
  let stop = async () => {};
  let endpoint = running;
  if (!endpoint) {
    const platform = openPlatform({ dataDir: dir, region: 'us-east-1', log: jsonLogger((line) => process.stderr.write(line), true) });
    const server = await startServer(platform, { host: '127.0.0.1', port: 0 });
    endpoint = { url: server.url, region: platform.region };
    stop = async () => {
      await server.close();
      platform.close();
    };
  }
  try {
    const roots = readRoots(dir);
    const first = roots[0];
    if (!first) throw new ApiError(`no root credentials in ${dir}`);
    const call = caller(endpoint.url, endpoint.region, first);
    const org = (await call('DescribeOrganization', {}))['Organization'] as { MasterAccountId: string };
    const management = roots.find((r) => r.accountId === org.MasterAccountId) ?? first;
    const created = await create(caller(endpoint.url, endpoint.region, management), options);
    const accountId = created.slice(0, 12);
    process.stdout.write(`created account ${created}\nroot credentials: gantry env --data-dir ${dir} --account ${accountId}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    process.stderr.write(`gantry account create: ${error.message}\n`);
    return 1;
  } finally {
    await stop();
  }
}
