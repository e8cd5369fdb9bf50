// sivera-users rows (PK userId = Cognito sub) and their GraphQL shape.
import type { User } from '../../../api/generated/schema-types';

export interface UserRow {
  userId: string;
  email: string;
  name?: string | null;
  emailVerified?: boolean;
  createdAt?: string;
  updatedAt?: string;
}

/** Explicit field list: nothing stored beyond the User type ever reaches a client. */
export function toUser(row: UserRow): User {
  return {
    userId: row.userId,
    email: row.email,
    name: row.name ?? null,
    emailVerified: row.emailVerified === true,
    createdAt: row.createdAt ?? '',
    updatedAt: row.updatedAt ?? row.createdAt ?? '',
  };
}
