import { onLinkClick } from '../../router.js';
import { servicePath } from '../../routes.js';
import { type GraphService, layoutServiceGraph, type ServiceGraph } from './graph-layout.js';

/**
 * The service, what it depends on (right) and what depends on it (left), as a small drawing whose nodes
 * are coloured by status and link to their service; the same facts follow in words.
 */
export function DependencyGraph({ graph, service }: { graph: ServiceGraph; service: string }) {
  const layout = layoutServiceGraph(graph, service);
  const self: GraphService | undefined = graph.services.find((s) => s.service === service);
  const cycles = graph.cycles.filter((cycle) => cycle.includes(service));
  const marker = 'dependency-arrow';
  return (
    <figure>
      <svg
        class="dependency-graph"
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        aria-labelledby="dependency-caption"
      >
        <title>Dependencies of {service}</title>
        <defs>
          <marker
            id={marker}
            viewBox="0 0 10 10"
            refX="10"
            refY="5"
            markerWidth="8"
            markerHeight="8"
            orient="auto"
          >
            <path class="arrow-head" d="M 0 0 L 10 5 L 0 10 z" />
          </marker>
        </defs>
        {layout.edges.map((edge) => (
          <line
            key={`${edge.from}->${edge.to}`}
            class="edge"
            data-edge={`${edge.from}->${edge.to}`}
            x1={edge.x1}
            y1={edge.y1}
            x2={edge.x2 - (edge.x2 > edge.x1 ? 2 : -2)}
            y2={edge.y2}
            marker-end={`url(#${marker})`}
          >
            <title>{`${edge.from} depends on ${edge.to}`}</title>
          </line>
        ))}
        {layout.nodes.map((node) => (
          <a
            key={node.service}
            href={servicePath(node.service)}
            onClick={onLinkClick}
            aria-label={`${node.service} (${node.status})`}
            aria-current={node.role === 'current' ? 'page' : undefined}
          >
            <g class={`node ${node.status} ${node.role}`} data-service={node.service}>
              <rect x={node.x} y={node.y} width={layout.nodeWidth} height={layout.nodeHeight} rx={8} />
              <text
                x={node.x + layout.nodeWidth / 2}
                y={node.y + layout.nodeHeight / 2 + 5}
                text-anchor="middle"
              >
                {shorten(node.service)}
              </text>
            </g>
          </a>
        ))}
      </svg>
      <figcaption id="dependency-caption">
        {service} depends on <ServiceLinks names={self?.dependsOn ?? []} />; used by{' '}
        <ServiceLinks names={self?.dependents ?? []} />. Arrows point from a service to what it depends on.
      </figcaption>
      {cycles.length > 0 && (
        <p class="error">
          Dependency cycle: {cycles.map((cycle) => `${cycle.join(' → ')} → ${cycle[0]}`).join('; ')}. Check
          the monitors’ dependsOn.
        </p>
      )}
    </figure>
  );
}

function ServiceLinks({ names }: { names: string[] }) {
  if (names.length === 0) return <>nothing</>;
  return (
    <>
      {names.map((name, i) => (
        <span key={name}>
          {i > 0 && ', '}
          <a href={servicePath(name)} onClick={onLinkClick}>
            {name}
          </a>
        </span>
      ))}
    </>
  );
}

/** A name that fits its box (the full name is the link's label). */
function shorten(name: string): string {
  return name.length > 18 ? `${name.slice(0, 17)}…` : name;
}
