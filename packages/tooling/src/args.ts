/**
 * The command-line convention of every entry point in the repo (the CLIs, `pnpm breaking`, `pnpm dev`, the
 * benches, the generators): flags go through `node:util`'s `parseArgs` in strict mode, a `--` (which pnpm
 * passes through to the script) is accepted, `--help` prints the usage, and a bad flag or a stray positional
 * prints the reason and the usage in one line each and exits 2, never a stack trace.
 */
import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';

/** What an entry point accepts. */
export interface CommandLine<O extends ParseArgsOptionsConfig> {
  /** How to call it, in one line: `pnpm breaking [--base <git ref>] [--json]`. */
  usage: string;
  /** Its flags, as `parseArgs` takes them (`--help` / `-h` is added). */
  options: O;
  /** Names of the positional arguments it takes, in order. Default: none. */
  positionals?: readonly string[];
  /** More lines `--help` prints under the usage line. */
  help?: string;
}

type Config<O extends ParseArgsOptionsConfig> = {
  args: string[];
  options: O;
  allowPositionals: true;
  strict: true;
};

/** The parsed command line: the flags (typed from the options) and the positionals. */
export type Parsed<O extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<Config<O>>>;

/**
 * Prints `message` and the usage line on stderr and exits 2: the answer to any command line an entry
 * point cannot run, including values its own checks refuse after parsing (`--port abc`).
 */
export function usageError(cli: Pick<CommandLine<ParseArgsOptionsConfig>, 'usage'>, message: string): never {
  process.stderr.write(`${message}\nusage: ${cli.usage}\n`);
  process.exit(2);
}

/**
 * Parses `argv` (default: this process's arguments) against `cli`. Exits 0 after printing the usage on
 * `--help`, and 2 through {@link usageError} on an unknown flag, a missing or unexpected value, or more
 * positionals than `cli.positionals` names.
 */
export function parseCommandLine<const O extends ParseArgsOptionsConfig>(
  cli: CommandLine<O>,
  argv: readonly string[] = process.argv.slice(2),
): Parsed<O> {
  // `pnpm <script> -- --flag` hands the script its `--`; the convention is to accept it anywhere.
  const args = argv.filter((arg) => arg !== '--');
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`usage: ${cli.usage}\n${cli.help === undefined ? '' : `\n${cli.help}\n`}`);
    process.exit(0);
  }
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args, options: cli.options, allowPositionals: true, strict: true }) as Parsed<O>;
  } catch (error) {
    // parseArgs's own messages name the flag and say what is wrong; its error code is for programs.
    usageError(cli, error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error));
  }
  const allowed = cli.positionals?.length ?? 0;
  const stray = parsed.positionals[allowed];
  if (stray !== undefined) usageError(cli, `unexpected argument '${stray}'`);
  return parsed;
}
