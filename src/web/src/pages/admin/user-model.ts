import type { Role } from '../../session.js';

/** A user as `GET /api/users` lists it: the document plus id, version and times (never a credential). */
export interface UserView {
  id: string;
  name: string;
  displayName?: string;
  role: Role;
  disabled?: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The roles, least to most. */
export const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

/** What each role may do, as the role picker says it. */
export const ROLE_TEXT: Record<Role, string> = {
  viewer: 'viewer (reads)',
  operator: 'operator (acts)',
  admin: 'admin (manages users and tokens)',
};

/** The fields of the new-user form. */
export interface NewUserForm {
  name: string;
  displayName: string;
  role: Role;
}

/** What the edit form changes of a user. */
export interface UserEdit {
  displayName: string;
  role: Role;
  disabled: boolean;
}

/** The address of one user (and, with a suffix, of its password, sessions and second factor). */
export const userPath = (id: string, suffix: '' | '/password' | '/sessions' | '/totp' = '') =>
  `/api/users/${encodeURIComponent(id)}${suffix}`;

/** The body of `POST /api/users`: the name and display name trimmed, an empty display name left out. */
export function newUserBody(form: NewUserForm): { name: string; role: Role; displayName?: string } {
  const displayName = form.displayName.trim();
  return { name: form.name.trim(), role: form.role, ...(displayName ? { displayName } : {}) };
}

/** The edit form's starting values for a user. */
export function editOf(user: UserView): UserEdit {
  return { displayName: user.displayName ?? '', role: user.role, disabled: user.disabled === true };
}

/**
 * The whole document `PUT /api/users/{id}` replaces the user with: its name kept, the edited
 * fields applied, an empty display name and `disabled: false` left out (the document's own shape).
 */
export function replacementBody(
  user: UserView,
  edit: UserEdit,
): { name: string; role: Role; displayName?: string; disabled?: true } {
  const displayName = edit.displayName.trim();
  return {
    name: user.name,
    role: edit.role,
    ...(displayName ? { displayName } : {}),
    ...(edit.disabled ? { disabled: true as const } : {}),
  };
}

/**
 * What an admin should read before saving a change to their own account that locks them out:
 * disabling it logs them out, giving up the admin role closes this page. The server accepts both
 * (it has no self-protection), so the dashboard asks first. Undefined when nothing is at stake.
 */
export function selfEditWarning(me: string, user: UserView, edit: UserEdit): string | undefined {
  if (user.name !== me) return undefined;
  if (edit.disabled && !user.disabled) {
    return 'You are disabling your own account: you are logged out at once and cannot log in again until another admin enables it.';
  }
  if (user.role === 'admin' && edit.role !== 'admin') {
    return `You are giving up your own admin role (becoming ${edit.role}): you lose this page, users and tokens at once, and only another admin can give it back.`;
  }
  return undefined;
}

/** The actions of the user panel that can end the admin's own session. */
export type SelfEndingAction = 'password' | 'sessions' | 'delete';

/** What an admin should read before an action on their own account ends their session (undefined otherwise). */
export function selfActionWarning(me: string, user: UserView, action: SelfEndingAction): string | undefined {
  if (user.name !== me) return undefined;
  switch (action) {
    case 'password':
      return 'This is your own account: setting its password here ends all your sessions, this one included (change it under your account to stay logged in).';
    case 'sessions':
      return 'This is your own account: this logs you out too.';
    case 'delete':
      return 'This is your own account: deleting it logs you out for good, and only another admin can create it again.';
  }
}

/** Users in name order, the way the list shows them. */
export function sortUsers(users: readonly UserView[]): UserView[] {
  return [...users].sort((a, b) => a.name.localeCompare(b.name));
}
