import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api.js';
import { loadIncident } from './load-incident.js';
import type { Get } from './load-incidents.js';

const ID = 'd52d982c-3c15-88e8-a38e-85c34aa755b1';
const notFound = () => new ApiError(404, 'NOT_FOUND', 'nope');

function fakeApi(answers: Record<string, unknown>): Get {
  return (async (path: string) => {
    const answer = answers[path];
    if (answer instanceof Error) throw answer;
    return answer;
  }) as Get;
}

describe('loadIncident', () => {
  it('reads the alert and its chain; a missing chain means healing had nothing to do', async () => {
    const alert = { alertId: ID, timeline: [] };
    const chain = { alertId: ID, events: [] };
    expect(
      await loadIncident(fakeApi({ [`/api/alerts/${ID}`]: alert, [`/api/remediations/${ID}`]: chain }), ID),
    ).toEqual({ alert, chain });
    expect(
      await loadIncident(
        fakeApi({ [`/api/alerts/${ID}`]: alert, [`/api/remediations/${ID}`]: notFound() }),
        ID,
      ),
    ).toEqual({ alert, chain: null });
  });

  it('says so when neither exists, and passes other errors on', async () => {
    const none = loadIncident(
      fakeApi({ [`/api/alerts/${ID}`]: notFound(), [`/api/remediations/${ID}`]: notFound() }),
      ID,
    );
    await expect(none).rejects.toMatchObject({ status: 404, message: expect.stringContaining(ID) });
    const refused = new ApiError(400, 'VALIDATION_FAILED', 'params/alertId must match pattern');
    await expect(
      loadIncident(fakeApi({ '/api/alerts/x': refused, '/api/remediations/x': notFound() }), 'x'),
    ).rejects.toBe(refused);
  });
});
