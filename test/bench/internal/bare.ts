/** Starts the baseline of the benchmarks, `bare-server.ts`, as a process of its own (like the host). */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** The bare server's /track URL, its process id, and how to stop it. */
export interface BareServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startBare(): Promise<BareServer> {
  const script = fileURLToPath(new URL('./bare-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--no-node-snapshot', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  const port = Number(chunk.toString().trim());
  return {
    url: `http://127.0.0.1:${port}/track`, pid: child.pid!,
    stop: async () => { child.kill('SIGTERM'); await once(child, 'exit'); },
  };
}
