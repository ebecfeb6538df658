/** `tessera migrate` on Elasticsearch: a progress bar, and a second run that changes nothing (Tracardi #565). */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { engineForTests } from '../engines/env.ts';
import { dropIndices } from '../engines/cleanup.ts';
import { REPO_ROOT } from '../helpers/index.ts';

const elastic = await engineForTests('elasticsearch');
const run = promisify(execFile);

describe.runIf(elastic)('tessera migrate on Elasticsearch', () => {
  const base = `cli-${randomBytes(4).toString('hex')}`;
  const env = { ...process.env, STORAGE: 'elasticsearch', ELASTIC_HOST: elastic!, ELASTIC_INDEX_PREFIX: base, ELASTIC_INDEX_REPLICAS: '0', PRODUCTION: 'yes' };
  const migrate = (...args: string[]) => run(process.execPath, ['--no-node-snapshot', path.join(REPO_ROOT, 'host/src/cli.ts'), 'migrate', ...args], { cwd: REPO_ROOT, env });

  afterAll(async () => {
    await dropIndices(elastic!, `prod-${base}`);
  });

  it('lists pending migrations on --dry-run, applies them with a progress bar, and does nothing the second time', async () => {
    const dry = await migrate('--dry-run');
    expect(dry.stdout).toMatch(/would apply \d+ migration\(s\): 202611281500-initial/);
    expect(dry.stdout).toContain(`202611281500-initial: profiles -> prod-${base}.profiles.v1 (new, empty)`);
    const first = await migrate();
    expect(first.stdout).toContain('[##############################] 100% done');
    expect(first.stdout).toMatch(/applied \d+ migration\(s\): 202611281500-initial/);
    const second = await migrate();
    expect(second.stdout).toMatch(/applied 0 migration\(s\); \d+ already applied/);
    const indices = await migrate('--indices');
    // PRODUCTION=yes: the production data set has its own prod- indices.
    expect(indices.stdout).toContain(`current  prod-${base}.profiles.v1  <- prod-${base}.profiles`);
  });
});
