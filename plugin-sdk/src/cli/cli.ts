/** `tessera-plugin` entry: finds `commands/<name>.command.ts` (`.js` in the published build) and runs it. */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CliError } from './types.ts';
import type { CliCommand, CliIo } from './types.ts';

const COMMANDS_DIR = new URL('./commands/', import.meta.url);
// `.ts` when run from src/ (this repository), `.js` when run from the published build in dist/.
const SUFFIX = `.command${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`;

/** Names of the available commands (one file each). */
export function commandNames(): string[] {
  return readdirSync(fileURLToPath(COMMANDS_DIR)).filter((f) => f.endsWith(SUFFIX)).map((f) => f.slice(0, -SUFFIX.length)).sort();
}

async function loadCommand(name: string): Promise<CliCommand | undefined> {
  if (!/^[a-z][a-z0-9-]*$/.test(name) || !commandNames().includes(name)) return undefined;
  return ((await import(new URL(`${name}${SUFFIX}`, COMMANDS_DIR).href)) as { command: CliCommand }).command;
}

async function help(io: CliIo): Promise<void> {
  io.out('usage: tessera-plugin <command> [options]\n');
  for (const name of commandNames()) {
    const cmd = await loadCommand(name);
    if (cmd) io.out(`  ${name.padEnd(10)} ${cmd.summary}`);
  }
  io.out('\nRun "tessera-plugin <command> --help" for details.');
}

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    await help(io);
    return name ? 0 : 1;
  }
  const cmd = await loadCommand(name);
  if (!cmd) {
    io.err(`tessera-plugin: unknown command "${name}" (commands: ${commandNames().join(', ')})`);
    return 1;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`usage: ${cmd.usage}\n\n${cmd.summary}`);
    return 0;
  }
  try {
    return await cmd.run(args, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.err(`tessera-plugin ${name}: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

if (import.meta.main) {
  const io: CliIo = { cwd: process.cwd(), out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };
  process.exitCode = await runCli(process.argv.slice(2), io);
}
