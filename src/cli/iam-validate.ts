// `gantry iam validate FILE [--type TYPE]`: prints ValidatePolicy-style findings as JSON and
// exits 0 (no ERROR), 1 (ERROR findings) or 2 (bad usage, unreadable file).
// https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ValidatePolicy.html
import { loadCatalogFor } from '../catalog/iam-data-catalog.js';
import { hasErrors, validatePolicy, VALIDATION_POLICY_TYPES, type ValidationPolicyType } from '../policy-validation/index.js';

export interface IamValidateIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  readFile: (p: string) => Promise<string>;
}

const USAGE = `usage: gantry iam validate FILE [--type ${VALIDATION_POLICY_TYPES.join('|')}]\n`;

type Parsed = { ok: true; file: string; type: ValidationPolicyType } | { ok: false; message: string };

function parseArgs(args: string[]): Parsed {
  let file: string | undefined;
  let type: ValidationPolicyType = 'identity';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    let value: string | undefined;
    if (arg === '--type') {
      value = args[++i];
      if (value === undefined) return { ok: false, message: '--type needs a value' };
    } else if (arg.startsWith('--type=')) {
      value = arg.slice('--type='.length);
    } else if (arg.startsWith('-') && arg !== '-') {
      return { ok: false, message: `unknown option '${arg}'` };
    } else if (file === undefined) {
      file = arg;
      continue;
    } else {
      return { ok: false, message: `unexpected argument '${arg}'` };
    }
    if (!(VALIDATION_POLICY_TYPES as readonly string[]).includes(value)) {
      return { ok: false, message: `unknown policy type '${value}'` };
    }
    type = value as ValidationPolicyType;
  }
  if (file === undefined) return { ok: false, message: 'missing FILE' };
  return { ok: true, file, type };
}

export async function runIamValidate(args: string[], io: IamValidateIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(USAGE);
    return 0;
  }
  const parsed = parseArgs(args);
  if (!parsed.ok) {
    io.stderr.write(`gantry iam validate: ${parsed.message}\n${USAGE}`);
    return 2;
  }
  let text: string;
  try {
    text = await io.readFile(parsed.file);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    io.stderr.write(`gantry iam validate: cannot read '${parsed.file}': ${reason}\n`);
    return 2;
  }
  const catalog = await loadCatalogFor(text);
  const findings = validatePolicy(text, parsed.type, catalog);
  io.stdout.write(`${JSON.stringify({ findings }, null, 2)}\n`);
  return hasErrors(findings) ? 1 : 0;
}
