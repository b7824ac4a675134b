import Type, { type Static } from 'typebox';
import { ROLES } from '../domain';
import { Nullable } from './common';

/** Shortest password a console user may set. */
export const PASSWORD_MIN_LENGTH = 12;
/** Longest password a console user may set (hashing cost grows with it). */
export const PASSWORD_MAX_LENGTH = 1024;

/**
 * The password rules, as the `message` of the `/password` detail of an `invalid` answer, so the
 * console can say which rule in its own words: `too_short` and `too_long` (see the lengths above),
 * `common` (among the passwords most often used), `contains_email` (holds the part of the
 * user's email before the `@`).
 */
export const PASSWORD_RULES = ['too_short', 'too_long', 'common', 'contains_email'] as const;
export type PasswordRule = (typeof PASSWORD_RULES)[number];

/** A console user as admins see it (`GET /api/v1/users`). */
export const UserViewSchema = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.String(),
  role: Type.Enum(ROLES),
  /** The hub the user works on; null for every hub. */
  hubId: Nullable(Type.Integer()),
  /** Inactive users cannot sign in. */
  active: Type.Boolean(),
  /** Epoch ms. */
  createdAt: Type.Number(),
  /** When the newest session still open began (epoch ms); null when signed in nowhere. */
  signedInAt: Nullable(Type.Number()),
  /** When the password was last changed (epoch ms); null when never since creation. */
  passwordChangedAt: Nullable(Type.Number()),
});
export type UserView = Static<typeof UserViewSchema>;

/** `GET /api/v1/users` (admins), by name. */
export const UserListSchema = Type.Object({ users: Type.Array(UserViewSchema) });
export type UserList = Static<typeof UserListSchema>;

/**
 * `PATCH /api/v1/users/:id` (admins): what changes. A new password, role or hub, or
 * deactivation ends the user's sessions.
 */
export const UserPatchSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    role: Type.Optional(Type.Enum(ROLES)),
    hubId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    active: Type.Optional(Type.Boolean()),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UserPatch = Static<typeof UserPatchSchema>;

/** `{ user }`: the answer to a user's creation or change by an admin. */
export const UserViewReplySchema = Type.Object({ user: UserViewSchema });
export type UserViewReply = Static<typeof UserViewReplySchema>;
