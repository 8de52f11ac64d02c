/** A service of `GET /api/services/graph`. */
export interface GraphService {
  service: string;
  status: string;
  monitors: number;
  dependsOn: string[];
  dependents: string[];
}

/** What `GET /api/services/graph` answers. */
export interface ServiceGraph {
  services: GraphService[];
  edges: Array<{ from: string; to: string }>;
  cycles: string[][];
}

export interface PlacedNode {
  service: string;
  status: string;
  /** `current` is the service of the page; dependents call it; dependencies are what it calls. */
  role: 'dependent' | 'current' | 'dependency';
  x: number;
  y: number;
}

/** An arrow from the service that depends to the one it depends on. */
export interface PlacedEdge {
  from: string;
  to: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodeWidth: number;
  nodeHeight: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  /** Neighbours left out of the drawing beyond `maxPerColumn` (listed in text instead). */
  hidden: number;
}

const NODE_WIDTH = 150;
const NODE_HEIGHT = 36;
const ROW_GAP = 14;
const COLUMN_GAP = 90;
const MARGIN = 8;
/** A reverse edge (a dependency cycle) is drawn this far below the forward one, so both show. */
const REVERSE_OFFSET = 8;

/**
 * Lays out a service and its neighbours in three columns: the services that depend on it (left), the
 * service (middle) and those it depends on (right), so every arrow reads "depends on" from left to right.
 * A service that is both (a cycle) stands on the right, with an arrow each way.
 */
export function layoutServiceGraph(graph: ServiceGraph, current: string, maxPerColumn = 12): GraphLayout {
  const byName = new Map(graph.services.map((s) => [s.service, s]));
  const self = byName.get(current);
  const dependencies = [...new Set(self?.dependsOn ?? [])].filter((s) => s !== current).sort();
  const dependents = [...new Set(self?.dependents ?? [])]
    .filter((s) => s !== current && !dependencies.includes(s))
    .sort();
  const left = dependents.slice(0, maxPerColumn);
  const right = dependencies.slice(0, maxPerColumn);
  const hidden = dependents.length - left.length + (dependencies.length - right.length);

  const rows = Math.max(1, left.length, right.length);
  const height = MARGIN * 2 + rows * NODE_HEIGHT + (rows - 1) * ROW_GAP;
  const columnX = [0, 1, 2].map((c) => MARGIN + c * (NODE_WIDTH + COLUMN_GAP));
  const width = MARGIN * 2 + 3 * NODE_WIDTH + 2 * COLUMN_GAP;
  const statusOf = (name: string) => byName.get(name)?.status ?? 'unknown';
  const column = (names: string[], x: number, role: PlacedNode['role']): PlacedNode[] => {
    const total = names.length * NODE_HEIGHT + Math.max(0, names.length - 1) * ROW_GAP;
    const top = (height - total) / 2;
    return names.map((service, i) => ({
      service,
      status: statusOf(service),
      role,
      x,
      y: top + i * (NODE_HEIGHT + ROW_GAP),
    }));
  };
  const center: PlacedNode = {
    service: current,
    status: statusOf(current),
    role: 'current',
    x: columnX[1]!,
    y: (height - NODE_HEIGHT) / 2,
  };
  const nodes = [
    ...column(left, columnX[0]!, 'dependent'),
    center,
    ...column(right, columnX[2]!, 'dependency'),
  ];
  const middle = (node: PlacedNode) => node.y + NODE_HEIGHT / 2;

  const edges: PlacedEdge[] = [];
  for (const node of nodes) {
    if (node.role === 'dependent') {
      edges.push(arrow(node.service, current, node.x + NODE_WIDTH, middle(node), center.x, middle(center)));
    } else if (node.role === 'dependency') {
      edges.push(arrow(current, node.service, center.x + NODE_WIDTH, middle(center), node.x, middle(node)));
      if (self?.dependents.includes(node.service)) {
        const y1 = middle(node) + REVERSE_OFFSET;
        const y2 = middle(center) + REVERSE_OFFSET;
        edges.push(arrow(node.service, current, node.x, y1, center.x + NODE_WIDTH, y2));
      }
    }
  }
  return {
    width,
    height,
    nodeWidth: NODE_WIDTH,
    nodeHeight: NODE_HEIGHT,
    nodes,
    edges,
    hidden,
  };
}

function arrow(from: string, to: string, x1: number, y1: number, x2: number, y2: number): PlacedEdge {
  return { from, to, x1, y1, x2, y2 };
}
