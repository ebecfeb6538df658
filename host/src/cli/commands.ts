/** Every `tessera` sub-command, in one closed list. Add yours with one line (one file per command). */
import type { Command } from './command.ts';
import { migrateCommand } from './migrate.command.ts';
import { startCommand } from './start.command.ts';
import { workerCommand } from './worker.command.ts';
import { pluginsCommand } from '../plugins/cli/plugins.command.ts';
import { registryUsersCommand } from '../plugins/cli/registry-users.command.ts';

/** The commands, in the order `tessera help` lists them. */
export const COMMANDS = [
  startCommand,
  migrateCommand,
  workerCommand,
  pluginsCommand,
  registryUsersCommand,
] as const satisfies readonly Command[];
