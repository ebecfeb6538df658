import { describe, expect, it } from 'vitest';
import { emailProblem, passwordProblem } from './validate.ts';

describe('auth form checks', () => {
  it('accepts a normal address and rejects malformed ones', () => {
    expect(emailProblem('ada@example.com')).toBeNull();
    expect(emailProblem('')).toMatch(/Enter/);
    expect(emailProblem('ada@example')).toMatch(/not an e-mail/);
    expect(emailProblem('ada example@x.io')).toMatch(/not an e-mail/);
  });

  it('asks for long passwords mixing letters and other characters', () => {
    expect(passwordProblem('short1')).toMatch(/10 characters/);
    expect(passwordProblem('onlyletterslong')).toMatch(/Mix/);
    expect(passwordProblem('1234567890123')).toMatch(/Mix/);
    expect(passwordProblem('correct-horse-42')).toBeNull();
  });
});
