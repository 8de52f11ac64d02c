/** Being built on this branch. */
export function ConfigPage(_props: { kind: string | undefined; query: URLSearchParams }) {
  return <h1>Configuration</h1>;
}
