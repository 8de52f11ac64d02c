import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { SessionView } from './api.js';

export type Role = SessionView['user']['role'];

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** Whether `role` may do what `needed` may (admin ⊃ operator ⊃ viewer), as the API decides it. */
export function roleAllows(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

export const SessionContext = createContext<SessionView | null>(null);

/** The logged-in session (pages are only shown with one). */
export function useSession(): SessionView {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a logged-in page');
  return session;
}

/** Whether the logged-in user may do what `needed` may: edit and act controls are shown only then. */
export function useCan(needed: Role): boolean {
  return roleAllows(useSession().user.role, needed);
}
