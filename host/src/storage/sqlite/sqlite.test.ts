import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeStoreContract } from '../contract.ts';
import { createStore } from '../factory.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-sqlite-contract-'));

describeStoreContract('sqlite', () => createStore({ storage: 'sqlite', dataDir, production: false }), () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});
