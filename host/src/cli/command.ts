/** The contract of one `tessera` sub-command. */

/** A CLI command: `tessera <name> [args]`. */
export interface Command {
  readonly name: string;
  /** One line for `tessera help`. */
  readonly summary: string;
  /** Runs the command; the resolved number is the exit code (a long-running command resolves when it stops). */
  run(args: readonly string[]): Promise<number>;
}

/** Declares a command. */
export function defineCommand(command: Command): Command {
  return command;
}
