/** Being built on this branch. */
export function AdminPage(_props: { section: string | undefined }) {
  return <h1>Admin</h1>;
}
