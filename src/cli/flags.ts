// Command-line flags: `--name value`, `--name=value` and boolean switches; anything else
// is a positional argument. Unknown flags are errors, never ignored.

export type FlagResult =
  | { ok: true; values: Record<string, string>; switches: Set<string>; positional: string[] }
  | { ok: false; error: string };

export function parseFlags(args: readonly string[], valued: readonly string[], booleans: readonly string[]): FlagResult {
  const values: Record<string, string> = {};
  const switches = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (booleans.includes(name) && eq < 0) switches.add(name);
    else if (valued.includes(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined) return { ok: false, error: `--${name} needs a value` };
      values[name] = value;
    } else return { ok: false, error: `unknown option --${name}` };
  }
  return { ok: true, values, switches, positional };
}
