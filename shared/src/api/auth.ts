import Type, { type Static } from 'typebox';
import { ROLES } from '../domain';
import { PASSWORD_MAX_LENGTH } from './users';

/** Who a console session belongs to (`GET /api/v1/auth/me`, the `hello` event). */
export const ConsoleUserSchema = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.String(),
  role: Type.Enum(ROLES),
  hubId: Type.Union([Type.Integer(), Type.Null()]),
});
export type ConsoleUser = Static<typeof ConsoleUserSchema>;

/** `{ user }`: the answer to sign-in, `me` and user creation. */
export const ConsoleUserReplySchema = Type.Object({ user: ConsoleUserSchema });
export type ConsoleUserReply = Static<typeof ConsoleUserReplySchema>;

/** `POST /api/v1/auth/login`. */
export const LoginRequestSchema = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
export type LoginRequest = Static<typeof LoginRequestSchema>;

/**
 * `POST /api/v1/users` (admins): a new console user. The password must meet the password policy
 * (see `PASSWORD_RULES`).
 */
export const UserCreateSchema = Type.Object(
  {
    email: Type.String({ format: 'email' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    role: Type.Enum(ROLES),
    password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
    hubId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type UserCreate = Static<typeof UserCreateSchema>;
