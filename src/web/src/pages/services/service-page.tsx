/** Being built on this branch. */
export function ServicePage(_props: { name: string }) {
  return <h1>Service</h1>;
}
