/** Being built on this branch. */
export function EventsPage(_props: { query: URLSearchParams }) {
  return <h1>Events</h1>;
}
