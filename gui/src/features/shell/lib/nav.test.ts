import { describe, expect, it } from 'vitest';
import { navFor, NAV_ITEMS } from './nav.ts';

describe('navigation by role', () => {
  it('hides user management from everyone but admins', () => {
    expect(navFor('admin').map((i) => i.key)).toContain('users');
    expect(navFor('marketer').map((i) => i.key)).not.toContain('users');
    expect(navFor('viewer')).toHaveLength(NAV_ITEMS.length - 3);
  });

  it('shows jobs and dead letters to admins and developers only, as the API allows', () => {
    expect(navFor('developer').map((i) => i.key)).toContain('jobs');
    expect(navFor('marketer').map((i) => i.key)).not.toContain('jobs');
    expect(navFor('marketer').map((i) => i.key)).toEqual(expect.arrayContaining(['segments', 'identity', 'destinations']));
  });

  it('shows everything when the role is not known yet', () => {
    expect(navFor(null)).toHaveLength(NAV_ITEMS.length);
  });
});
