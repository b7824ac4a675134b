import type {
  ConsoleUserReply,
  UserCreate,
  UserList,
  UserPatch,
  UserView,
  UserViewReply,
} from '@dispatch/shared';
import { request } from '../api';

/** The console users routes the Users page uses (admins). */
export interface UsersApi {
  list(): Promise<UserView[]>;
  create(body: UserCreate): Promise<{ id: number }>;
  update(id: number, patch: UserPatch): Promise<UserView>;
}

export const usersApi: UsersApi = {
  list: async () => (await request<UserList>('GET', '/api/v1/users')).users,
  create: async (body) => (await request<ConsoleUserReply>('POST', '/api/v1/users', body)).user,
  update: async (id, patch) =>
    (await request<UserViewReply>('PATCH', `/api/v1/users/${id}`, patch)).user,
};
