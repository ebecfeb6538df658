/** Where a command writes and which folder it works in. */
export interface CliIo {
  cwd: string;
  out(line: string): void;
  err(line: string): void;
}

/**
 * One `tessera-plugin` sub-command. A command is a file `src/cli/commands/<name>.command.ts` exporting `command`;
 * the CLI finds it by name, so adding a command never edits the others.
 */
export interface CliCommand {
  summary: string;
  usage: string;
  /** Returns the process exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Thrown by commands for a clean one-line failure (no stack trace). */
export class CliError extends Error {}
