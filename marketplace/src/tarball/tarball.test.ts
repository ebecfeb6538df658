import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { packFolder } from '../workspace/pack.ts';
import { readPackageJson, readPackageTarball, TarballError } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'tessera-tarball-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A raw ustar archive from entries, so tests can build what no honest packer would. */
function tar(entries: Array<{ name: string; type?: string; data?: string; linkname?: string }>): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const data = Buffer.from(e.data ?? '');
    const h = Buffer.alloc(512);
    h.write(e.name.slice(0, 100), 0, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(data.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write('00000000000\0', 136);
    h.write(e.type ?? '0', 156);
    if (e.linkname) h.write(e.linkname, 157);
    h.write('ustar\0' + '00', 257);
    h.fill(' ', 148, 156);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

describe('readPackageTarball', () => {
  it('reads a packed folder back, stripping the package/ prefix', async () => {
    const pkg = join(dir, 'ok');
    mkdirSync(join(pkg, 'dist'), { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'x', version: '1.0.0', files: ['dist'] }));
    writeFileSync(join(pkg, 'dist', 'index.js'), 'export default 1;');
    writeFileSync(join(pkg, 'secret.txt'), 'not listed in files');
    const files = readPackageTarball(await packFolder(pkg));
    expect([...files.keys()].sort()).toEqual(['dist/index.js', 'package.json']);
    expect(readPackageJson(files)).toMatchObject({ name: 'x' });
  });

  it('packs the same folder to the same bytes', async () => {
    expect((await packFolder(join(dir, 'ok'))).equals(await packFolder(join(dir, 'ok')))).toBe(true);
  });

  it('refuses entries that escape the package or use absolute paths', () => {
    expect(() => readPackageTarball(tar([{ name: 'package/../../etc/evil', data: 'x' }]))).toThrow(/escapes the package/);
    expect(() => readPackageTarball(tar([{ name: '/etc/evil', data: 'x' }]))).toThrow(/absolute path/);
  });

  it('refuses symbolic and hard links, and never packs one', async () => {
    expect(() => readPackageTarball(tar([{ name: 'package/link', type: '2', linkname: '/etc/passwd' }]))).toThrow(/links are refused/);
    expect(() => readPackageTarball(tar([{ name: 'package/hard', type: '1', linkname: 'package/package.json' }]))).toThrow(TarballError);
    const pkg = join(dir, 'with-link');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), '{"name":"y","version":"1.0.0"}');
    symlinkSync('/etc/hostname', join(pkg, 'evil'));
    expect([...readPackageTarball(await packFolder(pkg)).keys()]).toEqual(['package.json']);
  });

  it('refuses archives that unpack beyond the limit, and garbage', () => {
    const big = tar([{ name: 'package/big.bin', data: 'a'.repeat(200_000) }]);
    expect(() => readPackageTarball(big, { maxUnpackedBytes: 100_000, maxEntries: 10 })).toThrow(/beyond the limit|more than/);
    expect(() => readPackageTarball(Buffer.from('not a tarball'))).toThrow(/not valid gzip/);
    expect(() => readPackageJson(readPackageTarball(tar([{ name: 'package/index.js', data: '1' }])))).toThrow(/no package\/package.json/);
  });

  it('reads long names from pax headers', () => {
    const long = `package/${'d'.repeat(120)}/file.js`;
    const body = ` path=${long}\n`;
    // A pax record's length counts its own digits.
    let len = body.length;
    while (String(len).length + body.length !== len) len = String(len).length + body.length;
    const record = `${len}${body}`;
    const files = readPackageTarball(tar([{ name: 'PaxHeader', type: 'x', data: record }, { name: 'package/short', data: 'x' }]));
    expect([...files.keys()]).toEqual([long.slice('package/'.length)]);
  });
});
