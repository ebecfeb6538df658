import type { Profile } from '../../../api/index.ts';

/** One profile of a merge, as the confirmation shows it. */
export interface MergeCandidate {
  /** What the administrator typed. */
  input: string;
  profile: Profile | null;
}

/** A human name for a profile: e-mail, name, or a short id. */
export function profileLabel(p: Pick<Profile, 'id' | 'pii' | 'traits'>): string {
  const name = p.pii?.email ?? p.pii?.name ?? p.traits?.name;
  return typeof name === 'string' && name ? `${name} (${p.id.slice(0, 8)})` : p.id;
}

/** Ids typed into the merge form: split on commas, spaces and new lines, blanks and repeats dropped. */
export function parseIds(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean))];
}

/** What blocks the merge: unknown ids, the survivor itself, or two ids of one profile. */
export function mergeProblems(survivor: Profile, candidates: readonly MergeCandidate[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const c of candidates) {
    if (!c.profile) problems.push(`No profile has the id ${c.input}`);
    else if (c.profile.id === survivor.id) problems.push(`${c.input} is this profile already`);
    else if (seen.has(c.profile.id)) problems.push(`${c.input} is an id of a profile listed already`);
    if (c.profile) seen.add(c.profile.id);
  }
  if (candidates.length === 0) problems.push('Enter the id of at least one profile to merge into this one');
  return problems;
}

/** The sentences of the confirmation: what happens to each merged profile and to the survivor. */
export function mergeConsequences(survivor: Profile, merged: readonly Profile[]): string[] {
  const lines = merged.map((p) => `${profileLabel(p)} is marked merged into this profile; its ${p.ids.length} id${p.ids.length === 1 ? '' : 's'} will find this profile and its sessions move here.`);
  const events = merged.reduce((n, p) => n + p.stats.events, 0);
  lines.push(`This profile keeps its id and its own values; missing traits and PII are filled in from the others, lists are united, consents take the latest decision, and stats add up (${survivor.stats.events} + ${events} events).`);
  lines.push('Segments are evaluated again for the merged profile. A merge cannot be undone.');
  return lines;
}
