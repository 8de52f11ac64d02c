import { onLinkClick } from '../../router.js';
import { useCan, useSession } from '../../session.js';
import { AuditSection } from './audit-section.js';
import { TokensSection } from './tokens-section.js';
import { UsersSection } from './users-section.js';
import './admin.css';

const SECTIONS = [
  { id: 'users', title: 'Users' },
  { id: 'tokens', title: 'API tokens' },
  { id: 'audit', title: 'Audit log' },
] as const;

/**
 * Admin: users, API tokens and the audit log, one section at a time (`/admin/<section>`,
 * `/admin` shows users). The shell lists the page for admins only; someone else who opens the
 * address is told so here (the API refuses them anyway).
 */
export function AdminPage({ section }: { section: string | undefined }) {
  const { user } = useSession();
  const isAdmin = useCan('admin');
  if (!isAdmin) {
    return (
      <section class="admin">
        <h1>Admin</h1>
        <p role="alert">
          This page is for admins only. You are logged in as {user.name}, with the role {user.role}; ask an
          admin if you need users or API tokens changed.
        </p>
        <p>
          <a href="/" onClick={onLinkClick}>
            Go to the overview
          </a>
        </p>
      </section>
    );
  }
  const current = section ?? 'users';
  const known = SECTIONS.find((s) => s.id === current);
  return (
    <section class="admin">
      <h1>Admin</h1>
      <nav aria-label="Admin sections" class="admin-sections">
        {SECTIONS.map((s) => (
          <a
            key={s.id}
            href={`/admin/${s.id}`}
            onClick={onLinkClick}
            aria-current={s.id === current ? 'page' : undefined}
          >
            {s.title}
          </a>
        ))}
      </nav>
      {current === 'users' && <UsersSection />}
      {current === 'tokens' && <TokensSection />}
      {current === 'audit' && <AuditSection />}
      {!known && (
        <>
          <h2>No such section</h2>
          <p>There is no admin section “{current}”. Pick one of the sections above.</p>
        </>
      )}
    </section>
  );
}
