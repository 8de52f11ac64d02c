/** Being built on this branch. */
export function IncidentPage(_props: { alertId: string }) {
  return <h1>Incident</h1>;
}
