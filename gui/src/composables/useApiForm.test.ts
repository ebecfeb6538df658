import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { useApiForm } from './useApiForm.ts';

describe('useApiForm', () => {
  it('stops at client-side problems without sending', async () => {
    const form = useApiForm(['name']);
    let sent = false;
    expect(await form.submit(async () => { sent = true; }, { name: 'Give it a name' })).toBe(false);
    expect(sent).toBe(false);
    expect(form.status('name')).toBe('error');
    expect(form.problem.value).toBeNull();
  });

  it('puts API field errors at drawn fields and shows nothing twice', async () => {
    const form = useApiForm(['name', 'condition']);
    const seen: string[] = [];
    const ok = await form.submit(async () => {
      throw new ApiError(422, 'invalid_condition', 'bad condition', { fields: [{ path: 'condition', message: 'column 3: unexpected AND' }] });
    }, {}, (err) => seen.push(err.code));
    expect(ok).toBe(false);
    expect(form.errors.value).toEqual({ condition: 'column 3: unexpected AND' });
    expect(form.problem.value).toBeNull();
    expect(seen).toEqual(['invalid_condition']);
    expect(form.busy.value).toBe(false);
  });

  it('shows the message below the form when no drawn field carries it', async () => {
    const form = useApiForm(['name']);
    await form.submit(async () => { throw new ApiError(409, 'conflict', 'A segment named x exists'); });
    expect(form.problem.value).toBe('A segment named x exists');
    await form.submit(async () => { throw new Error('network down'); });
    expect(form.problem.value).toContain('network down');
  });

  it('clears earlier errors and reports success', async () => {
    const form = useApiForm(['name']);
    await form.submit(async () => undefined, { name: 'required' });
    expect(await form.submit(async () => undefined)).toBe(true);
    expect(form.errors.value).toEqual({});
    expect(form.problem.value).toBeNull();
  });
});
