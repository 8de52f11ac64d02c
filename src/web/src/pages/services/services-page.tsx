/** Being built on this branch. */
export function ServicesPage(_props: { query: URLSearchParams }) {
  return <h1>Services</h1>;
}
