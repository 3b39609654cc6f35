// Command-line flags with FOYER_<FLAG> environment fall-backs (--inbound-smtp-port ↔
// FOYER_INBOUND_SMTP_PORT). A flag given on the command line wins over the environment.
import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export function envName(flag: string): string {
  return 'FOYER_' + flag.replace(/-/g, '_').toUpperCase();
}

export function readOptions<const F extends readonly string[]>(
  argv: string[],
  flags: F,
  env: NodeJS.ProcessEnv = process.env,
): { values: Partial<Record<F[number], string>>; positionals: string[] } {
  const options = Object.fromEntries(flags.map((f) => [f, { type: 'string' as const }]));
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const values: Partial<Record<string, string>> = {};
  for (const f of flags) {
    const v = (parsed.values as Record<string, string | undefined>)[f] ?? env[envName(f)];
    if (v !== undefined && v !== '') values[f] = v;
  }
  return { values: values as Partial<Record<F[number], string>>, positionals: parsed.positionals };
}

export function requireOption(values: Partial<Record<string, string>>, flag: string): string {
  const v = values[flag];
  if (v === undefined) throw new UsageError(`--${flag} is required (or set ${envName(flag)}).`);
  return v;
}

export function portOption(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) > 65535)
    throw new UsageError(`--${flag} must be a port number from 0 to 65535 (0 picks a free one).`);
  return Number(value);
}
