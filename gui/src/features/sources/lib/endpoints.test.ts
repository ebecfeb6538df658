import { describe, expect, it } from 'vitest';
import { collectUrl, trackUrl } from './endpoints.ts';

describe('ingestion endpoints', () => {
  it('builds the collect URL with the placeholder kept readable', () => {
    expect(collectUrl('https://cdp.example.com/', 'src-1')).toBe('https://cdp.example.com/collect/{eventType}/src-1');
  });

  it('escapes event types and source ids', () => {
    expect(collectUrl('http://h:8686', 'a b', 'page view')).toBe('http://h:8686/collect/page%20view/a%20b');
  });

  it('builds the track URL without a double slash', () => {
    expect(trackUrl('http://h:8686/')).toBe('http://h:8686/track');
  });
});
