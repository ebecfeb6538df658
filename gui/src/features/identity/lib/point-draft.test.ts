import { describe, expect, it } from 'vitest';
import { blankPoint, fieldsSummary, pointBody, pointDraft, pointProblems } from './point-draft.ts';

describe('identification point draft', () => {
  it('sends a field without an event path as a merge key only', () => {
    const body = pointBody({ ...blankPoint(), name: ' Login ', fields: [{ profile: 'pii.email', event: ' properties.email ' }, { profile: 'traits.crmId', event: '' }] });
    expect(body).toEqual({ name: 'Login', enabled: true, source: 'any', eventType: '*', fields: [{ profile: 'pii.email', event: 'properties.email' }, { profile: 'traits.crmId' }] });
  });

  it('falls back to any source and any type when left blank', () => {
    const body = pointBody({ ...blankPoint(), name: 'x', source: ' ', eventType: '', fields: [{ profile: 'pii.email', event: '' }] });
    expect([body.source, body.eventType]).toEqual(['any', '*']);
  });

  it('names the field paths that are wrong, as the API would', () => {
    const problems = pointProblems({ ...blankPoint(), fields: [{ profile: 'email', event: 'props.email' }] });
    expect(Object.keys(problems).sort()).toEqual(['fields.0.event', 'fields.0.profile', 'name']);
    expect(pointProblems({ ...blankPoint(), fields: [] }).fields).toMatch(/at least one/);
  });

  it('round-trips a stored point and summarises its fields', () => {
    const stored = { id: 'p', name: 'n', description: '', enabled: false, source: 's', eventType: 'login', fields: [{ profile: 'pii.email', event: 'properties.email' }, { profile: 'traits.id' }], createdAt: '', updatedAt: '' };
    expect(pointBody(pointDraft(stored))).toEqual({ name: 'n', enabled: false, source: 's', eventType: 'login', fields: stored.fields });
    expect(fieldsSummary(stored.fields)).toBe('pii.email ← properties.email, traits.id');
  });
});
