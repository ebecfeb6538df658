import { describe, expect, it } from 'vitest';
import { redisNamespace } from './index.ts';

describe('redisNamespace', () => {
  it('keeps installations and their data sets apart on one Redis', () => {
    expect(redisNamespace({})).toBe('tessera:staging');
    expect(redisNamespace({ production: true })).toBe('tessera:production');
    expect(redisNamespace({ elasticIndexPrefix: 'shop-a' })).toBe('shop-a:staging');
    expect(redisNamespace({ elasticIndexPrefix: 'shop-b', production: true })).toBe('shop-b:production');
  });
});
