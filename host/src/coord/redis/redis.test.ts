import { randomUUID } from 'node:crypto';
import { describe } from 'vitest';
import { engineForTests } from '../../../../test/engines/env.ts';
import { describeCoordContract } from '../contract.ts';
import { createRedisCoord } from './index.ts';

const redisHost = await engineForTests('redis');
const prefix = `tessera-test:${randomUUID()}:`;

describe.runIf(redisHost)('redis coordination', () => {
  describeCoordContract('redis', () => createRedisCoord({ redisHost: redisHost!, prefix }));
});
