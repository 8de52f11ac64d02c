/** Being built on this branch. */
export function IncidentsPage(_props: { query: URLSearchParams }) {
  return <h1>Incidents</h1>;
}
