import { describe, expect, it } from 'vitest';
import type { Source } from '../../../api/index.ts';
import { sourceBody, sourceDraft, toggledBody } from './source-draft.ts';

const source: Source = {
  id: 'web', name: 'Web', type: 'rest', description: 'site', enabled: true, ephemeral: false, allowedOrigins: ['https://shop.example.com'],
  allowStaticProfileIds: false, hasSecret: true, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z',
};

describe('source drafts', () => {
  it('leaves the secret out when it was not touched, so the host keeps it', () => {
    const body = sourceBody(sourceDraft(source));
    expect(body).not.toHaveProperty('secret');
    expect(body).toEqual({ name: 'Web', type: 'rest', description: 'site', enabled: true, ephemeral: false, allowedOrigins: ['https://shop.example.com'], allowStaticProfileIds: false });
  });

  it('sends a new secret, or null to remove it', () => {
    expect(sourceBody({ ...sourceDraft(source), secret: 'new-secret-123' }).secret).toBe('new-secret-123');
    expect(sourceBody({ ...sourceDraft(source), secret: 'x', removeSecret: true }).secret).toBeNull();
  });

  it('trims and drops empty origins; toggling keeps everything else', () => {
    expect(sourceBody({ ...sourceDraft(), name: ' n ', allowedOrigins: [' * ', ''] })).toMatchObject({ name: 'n', allowedOrigins: ['*'] });
    expect(toggledBody(source, false)).toMatchObject({ enabled: false, allowedOrigins: ['https://shop.example.com'], name: 'Web' });
  });
});
