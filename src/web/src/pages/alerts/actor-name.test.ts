import { describe, expect, it } from 'vitest';
import { actorName } from './actor-name.js';

describe('actorName', () => {
  it('shows a user by name and other actors with their kind', () => {
    expect(actorName('user:admin')).toBe('admin');
    expect(actorName('token:ci-deploy')).toBe('API token ci-deploy');
    expect(actorName('system:first-start')).toBe('first-start (system)');
  });

  it('leaves an actor without a kind as it is', () => {
    expect(actorName('unknown')).toBe('unknown');
    expect(actorName('user:')).toBe('user:');
  });
});
