import { describe, expect, it } from 'vitest';
import { layoutServiceGraph, type ServiceGraph } from './graph-layout.js';

const node = (service: string, dependsOn: string[], dependents: string[], status = 'up') => ({
  service,
  status,
  monitors: 1,
  dependsOn,
  dependents,
});

// web → api → db, cache; worker → db.
const graph: ServiceGraph = {
  services: [
    node('api', ['db', 'cache'], ['web']),
    node('cache', [], ['api']),
    node('db', [], ['api', 'worker'], 'down'),
    node('web', ['api'], []),
    node('worker', ['db'], []),
  ],
  edges: [],
  cycles: [],
};

describe('layoutServiceGraph', () => {
  it('puts dependents left, the service in the middle and its dependencies right', () => {
    const layout = layoutServiceGraph(graph, 'api');
    const role = (name: string) => layout.nodes.find((n) => n.service === name)?.role;
    expect(role('web')).toBe('dependent');
    expect(role('api')).toBe('current');
    expect(role('db')).toBe('dependency');
    expect(role('cache')).toBe('dependency');
    expect(layout.nodes.find((n) => n.service === 'db')?.status).toBe('down');
    const x = (name: string) => layout.nodes.find((n) => n.service === name)!.x;
    expect(x('web')).toBeLessThan(x('api'));
    expect(x('api')).toBeLessThan(x('db'));
  });

  it('draws one arrow per dependency, from the service that depends to the one it depends on', () => {
    const layout = layoutServiceGraph(graph, 'db');
    expect(layout.edges.map((e) => `${e.from}->${e.to}`).sort()).toEqual(['api->db', 'worker->db']);
    for (const edge of layout.edges) expect(edge.x2).toBeGreaterThan(edge.x1);
  });

  it('keeps every node inside the drawing, without overlaps', () => {
    const layout = layoutServiceGraph(graph, 'db');
    for (const n of layout.nodes) {
      expect(n.x).toBeGreaterThanOrEqual(0);
      expect(n.y).toBeGreaterThanOrEqual(0);
      expect(n.x + layout.nodeWidth).toBeLessThanOrEqual(layout.width);
      expect(n.y + layout.nodeHeight).toBeLessThanOrEqual(layout.height);
    }
    const [a, b] = layout.nodes.filter((n) => n.role === 'dependent');
    expect(Math.abs(a!.y - b!.y)).toBeGreaterThanOrEqual(layout.nodeHeight);
  });

  it('draws a cycle as a service on the right with an arrow each way', () => {
    const cyclic: ServiceGraph = {
      services: [node('a', ['b'], ['b']), node('b', ['a'], ['a'])],
      edges: [],
      cycles: [['a', 'b']],
    };
    const layout = layoutServiceGraph(cyclic, 'a');
    expect(layout.nodes.map((n) => `${n.service}:${n.role}`)).toEqual(['a:current', 'b:dependency']);
    expect(layout.edges.map((e) => `${e.from}->${e.to}`)).toEqual(['a->b', 'b->a']);
  });

  it('shows a service without neighbours alone, and one unknown to the graph as unknown', () => {
    const alone = layoutServiceGraph(graph, 'nowhere');
    expect(alone.nodes).toEqual([
      expect.objectContaining({ service: 'nowhere', status: 'unknown', role: 'current' }),
    ]);
    expect(alone.edges).toEqual([]);
  });

  it('leaves out neighbours beyond the column limit, counting them', () => {
    const many: ServiceGraph = {
      services: [node('hub', [], ['c1', 'c2', 'c3', 'c4'])],
      edges: [],
      cycles: [],
    };
    const layout = layoutServiceGraph(many, 'hub', 2);
    expect(layout.nodes.filter((n) => n.role === 'dependent').map((n) => n.service)).toEqual(['c1', 'c2']);
    expect(layout.hidden).toBe(2);
  });
});
