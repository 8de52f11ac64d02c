import { api } from '../../api.js';
import { sortUsers, type UserView } from './user-model.js';

/** Every user in name order, following the list's cursor (`next` → `after`), 500 a page. */
export async function loadAllUsers(): Promise<UserView[]> {
  const users: UserView[] = [];
  let after: string | null = null;
  do {
    const query: string = after ? `&after=${encodeURIComponent(after)}` : '';
    const page: { items: UserView[]; next: string | null } = await api('GET', `/api/users?limit=500${query}`);
    users.push(...page.items);
    after = page.next;
  } while (after);
  return sortUsers(users);
}
