import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeStoreContract } from '../contract.ts';
import { createStore } from '../factory.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-sqlite-contract-'));
const cachedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-sqlite-contract-cached-'));

describeStoreContract('sqlite', () => createStore({ storage: 'sqlite', dataDir, production: false }), () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// The host's embedded configuration: the store is its file's sole writer and keeps committed profiles and sessions.
describeStoreContract('sqlite with document cache', () => createStore({ storage: 'sqlite', dataDir: cachedDir, production: false }, { documentCache: true }), () => {
  fs.rmSync(cachedDir, { recursive: true, force: true });
});
