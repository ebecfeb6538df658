import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runCli } from '../cli.ts';
import { computeIntegrity, verifyPackageSignature } from '../../signing/index.ts';

const work = mkdtempSync(path.join(tmpdir(), 'tessera-sign-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function io() {
  const lines: string[] = [];
  return { lines, io: { cwd: work, out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) } };
}

it('keygen → sign writes a tarball and a signature that verifies against it', async () => {
  const key = path.join(work, 'keys', 'me.key');
  const k = io();
  expect(await runCli(['keygen', '--key', key], k.io)).toBe(0);
  expect(statSync(key).mode & 0o777).toBe(0o600);
  expect(k.lines.join('\n')).toContain('BEGIN PUBLIC KEY');
  expect(await runCli(['keygen', '--key', key], io().io)).toBe(1);

  expect(await runCli(['new', 'signed-plugin'], io().io)).toBe(0);
  const s = io();
  expect(await runCli(['sign', 'signed-plugin', '--key', key], s.io)).toBe(0);
  const tgz = path.join(work, 'signed-plugin', 'signed-plugin-0.1.0.tgz');
  const record = JSON.parse(readFileSync(`${tgz}.sig.json`, 'utf8'));
  expect(record.integrity).toBe(computeIntegrity(readFileSync(tgz)));
  const pub = readFileSync(`${key}.pub`, 'utf8');
  expect(verifyPackageSignature({ name: 'signed-plugin', version: '0.1.0', integrity: record.integrity }, record.signature, pub)).toBe(true);
});

it('publish refuses to guess a registry', async () => {
  const p = io();
  const saved = process.env.TESSERA_REGISTRY;
  delete process.env.TESSERA_REGISTRY;
  try {
    expect(await runCli(['publish', 'signed-plugin'], p.io)).toBe(1);
  } finally {
    if (saved !== undefined) process.env.TESSERA_REGISTRY = saved;
  }
  expect(p.lines.join('\n')).toMatch(/--registry/);
});
