import { describe, expect, it } from 'vitest';
import {
  editOf,
  newUserBody,
  replacementBody,
  selfActionWarning,
  selfEditWarning,
  sortUsers,
  type UserView,
  userPath,
} from './user-model.js';

const user = (over: Partial<UserView> = {}): UserView => ({
  id: '0b6f7a2e-7e5c-4a43-9d7e-2f1f6e0a9b11',
  name: 'olive',
  role: 'operator',
  version: 3,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  ...over,
});

describe('newUserBody', () => {
  it('trims, and leaves out an empty display name', () => {
    expect(newUserBody({ name: ' olive ', displayName: '  ', role: 'viewer' })).toEqual({
      name: 'olive',
      role: 'viewer',
    });
    expect(newUserBody({ name: 'olive', displayName: ' Olive Oyl ', role: 'admin' })).toEqual({
      name: 'olive',
      role: 'admin',
      displayName: 'Olive Oyl',
    });
  });
});

describe('replacementBody', () => {
  it('keeps the name and applies the edit, as the whole document', () => {
    const edit = { ...editOf(user({ displayName: 'Olive' })), role: 'viewer' as const, disabled: true };
    expect(replacementBody(user({ displayName: 'Olive' }), edit)).toEqual({
      name: 'olive',
      role: 'viewer',
      displayName: 'Olive',
      disabled: true,
    });
  });

  it('leaves out an emptied display name and an enabled flag', () => {
    const enabled = user({ displayName: 'Olive', disabled: true });
    expect(replacementBody(enabled, { displayName: '', role: 'operator', disabled: false })).toEqual({
      name: 'olive',
      role: 'operator',
    });
  });
});

describe('editOf', () => {
  it('starts from the user as it is', () => {
    expect(editOf(user())).toEqual({ displayName: '', role: 'operator', disabled: false });
    expect(editOf(user({ disabled: true, displayName: 'O' }))).toEqual({
      displayName: 'O',
      role: 'operator',
      disabled: true,
    });
  });
});

describe('selfEditWarning', () => {
  const me = user({ name: 'admin', role: 'admin' });

  it('warns before disabling or demoting oneself', () => {
    expect(selfEditWarning('admin', me, { ...editOf(me), disabled: true })).toMatch(/disabling your own/);
    expect(selfEditWarning('admin', me, { ...editOf(me), role: 'viewer' })).toMatch(/own admin role.*viewer/);
  });

  it('says nothing for harmless changes or someone else', () => {
    expect(selfEditWarning('admin', me, { ...editOf(me), displayName: 'Boss' })).toBeUndefined();
    expect(
      selfEditWarning('admin', user({ role: 'admin' }), { ...editOf(me), disabled: true }),
    ).toBeUndefined();
  });
});

describe('selfActionWarning', () => {
  it('warns only on the own account', () => {
    const me = user({ name: 'admin' });
    expect(selfActionWarning('admin', me, 'sessions')).toMatch(/logs you out/);
    expect(selfActionWarning('admin', me, 'password')).toMatch(/this one included/);
    expect(selfActionWarning('admin', me, 'delete')).toMatch(/deleting it/);
    expect(selfActionWarning('someone', me, 'delete')).toBeUndefined();
  });
});

describe('sortUsers and userPath', () => {
  it('orders by name and encodes the id', () => {
    const names = sortUsers([user({ name: 'zed' }), user({ name: 'ann' })]).map((u) => u.name);
    expect(names).toEqual(['ann', 'zed']);
    expect(userPath('a/b', '/password')).toBe('/api/users/a%2Fb/password');
  });
});
