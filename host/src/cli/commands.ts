/** Every `tessera` sub-command, in one closed list. Add yours with one line (one file per command). */
import type { Command } from './command.ts';
import { migrateCommand } from './migrate.command.ts';
import { startCommand } from './start.command.ts';

/** The commands, in the order `tessera help` lists them. */
export const COMMANDS = [
  startCommand,
  migrateCommand,
] as const satisfies readonly Command[];
