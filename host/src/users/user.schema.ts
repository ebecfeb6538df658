/** User schemas: what is stored, what the API shows, what it accepts. */
import { Type, type Static } from 'typebox';
import type { ROLES } from '../auth/roles.ts';

/** A role, as a schema. */
export const RoleSchema = Type.Union([Type.Literal('admin'), Type.Literal('developer'), Type.Literal('marketer'), Type.Literal('viewer')], { description: 'admin, developer, marketer or viewer' });

/** An email address (deliberately loose: one `@`, no spaces). */
export const Email = Type.String({ minLength: 3, maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+$' });
/** A new password; no upper bound beyond sanity, because scrypt input length does not matter. */
export const Password = Type.String({ minLength: 8, maxLength: 1024 });

/** A user as stored (configuration kind `users`). */
export interface User {
  id: string;
  email: string;
  role: (typeof ROLES)[number];
  passwordHash: string;
  createdAt: string;
  updatedAt: string;
}

/** A user as the API shows it: never the password hash. */
export const UserView = Type.Object({
  id: Type.String(),
  email: Type.String(),
  role: RoleSchema,
  createdAt: Type.String(),
});
/** A user as the API shows it. */
export type UserView = Static<typeof UserView>;

/** Body of `POST /api/users`. */
export const UserInput = Type.Object({ email: Email, password: Password, role: RoleSchema }, { additionalProperties: false });
/** Body of `POST /api/users`. */
export type UserInput = Static<typeof UserInput>;

/** Body of `POST /api/setup`. */
export const SetupInput = Type.Object({ email: Email, password: Password }, { additionalProperties: false });
/** Body of `POST /api/setup`. */
export type SetupInput = Static<typeof SetupInput>;

/** Body of `POST /api/auth/token`. */
export const Credentials = Type.Object({ email: Email, password: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false });
/** Body of `POST /api/auth/token`. */
export type Credentials = Static<typeof Credentials>;

/** The public view of a stored user. */
export function viewUser(u: User): UserView {
  return { id: u.id, email: u.email, role: u.role, createdAt: u.createdAt };
}
