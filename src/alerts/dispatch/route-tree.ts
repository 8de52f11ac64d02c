import { type CompiledMatcher, matchesAll, parseDuration, parseMatcherText } from '../../kernel/index.js';
import { RouteTreeError } from './dispatch-errors.js';
import {
  DEFAULT_ROUTE_PRIORITY,
  GROUP_BY_ALL,
  type RouteDocument,
  type RouteFields,
} from './route-document.js';

/** The implicit root route's settings (from the alerts configuration): used when no route matches. */
export interface RootRouteSettings {
  receivers: string[];
  /** `['...']` groups by every label. */
  groupBy: string[];
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
}

/** The route that takes an alert, with every setting resolved (inherited ones included). */
export interface MatchedRoute {
  /** Stable path: `database-team/child`, or `(root)` for the root. */
  routeKey: string;
  receivers: string[];
  escalation?: string;
  groupBy: string[] | 'all';
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
}

export const ROOT_ROUTE_KEY = '(root)';

interface RouteNode {
  matchers: CompiledMatcher[];
  continue: boolean;
  children: RouteNode[];
  settings: MatchedRoute;
}

/**
 * The routing tree, Alertmanager semantics: children are tried in order and the first that
 * matches takes the alert, unless it says `continue` (then the next ones are tried too); a route
 * none of whose children match takes the alert itself. Top-level routes are tried by priority.
 */
export class RouteTree {
  private readonly root: RouteNode;
  private readonly receivers = new Set<string>();
  private readonly escalations = new Set<string>();
  private readonly ignored: Array<{ id: string; name: string; reason: string }> = [];

  constructor(root: RootRouteSettings, routes: ReadonlyArray<{ id: string } & RouteDocument>) {
    const rootSettings: MatchedRoute = {
      routeKey: ROOT_ROUTE_KEY,
      receivers: [...root.receivers],
      groupBy: groupByOf(root.groupBy),
      groupWaitMs: Math.max(0, root.groupWaitMs),
      // Zero intervals would make a group due forever; a millisecond is the floor.
      groupIntervalMs: Math.max(1, root.groupIntervalMs),
      repeatIntervalMs: Math.max(1, root.repeatIntervalMs),
    };
    for (const name of root.receivers) this.receivers.add(name);
    const ordered = [...routes].sort(
      (a, b) =>
        (a.priority ?? DEFAULT_ROUTE_PRIORITY) - (b.priority ?? DEFAULT_ROUTE_PRIORITY) ||
        compareText(a.name, b.name) ||
        compareText(a.id, b.id),
    );
    const children: RouteNode[] = [];
    const names = new Set<string>();
    for (const route of ordered) {
      // Stored routes were checked by the API; one that slipped through is left out, not fatal.
      if (names.has(route.name)) {
        this.ignored.push({
          id: route.id,
          name: route.name,
          reason: `another route is named "${route.name}"`,
        });
        continue;
      }
      try {
        children.push(this.nodeOf(route, route.name, rootSettings));
        names.add(route.name);
        this.collectNames(route);
      } catch (error) {
        if (!(error instanceof RouteTreeError)) throw error;
        this.ignored.push({ id: route.id, name: route.name, reason: error.message });
      }
    }
    this.root = { matchers: [], continue: false, children, settings: rootSettings };
  }

  /** Top-level routes left out (a duplicate name, an unreadable matcher or duration), for the log. */
  ignoredRoutes(): Array<{ id: string; name: string; reason: string }> {
    return this.ignored.map((entry) => ({ ...entry }));
  }

  /** The routes that take an alert with these labels, in order (at least the root). */
  match(labels: Readonly<Record<string, string>>): MatchedRoute[] {
    return matchNode(this.root, labels);
  }

  /** Every receiver name the tree refers to (root included). */
  receiverNames(): Set<string> {
    return new Set(this.receivers);
  }

  /** Every escalation policy name the tree refers to. */
  escalationNames(): Set<string> {
    return new Set(this.escalations);
  }

  private nodeOf(route: RouteFields, routeKey: string, parent: MatchedRoute): RouteNode {
    const matchers = route.matchers.map((text) => {
      const parsed = parseMatcherText(text);
      if (!parsed.ok) throw new RouteTreeError(`Alert route "${routeKey}": ${parsed.message}`, { routeKey });
      return parsed.matcher;
    });
    const settings: MatchedRoute = {
      routeKey,
      receivers: route.receivers ? [...route.receivers] : parent.receivers,
      groupBy: route.groupBy ? groupByOf(route.groupBy) : parent.groupBy,
      groupWaitMs: durationOr(route.groupWait, parent.groupWaitMs, routeKey),
      groupIntervalMs: Math.max(1, durationOr(route.groupInterval, parent.groupIntervalMs, routeKey)),
      repeatIntervalMs: Math.max(1, durationOr(route.repeatInterval, parent.repeatIntervalMs, routeKey)),
    };
    const escalation = route.escalation ?? parent.escalation;
    if (escalation !== undefined) settings.escalation = escalation;
    return {
      matchers,
      continue: route.continue,
      children: route.routes.map((child) => this.nodeOf(child, `${routeKey}/${child.name}`, settings)),
      settings,
    };
  }

  /** Receivers and policies named by a route of the tree, and by its children. */
  private collectNames(route: RouteFields): void {
    for (const name of route.receivers ?? []) this.receivers.add(name);
    if (route.escalation !== undefined) this.escalations.add(route.escalation);
    for (const child of route.routes) this.collectNames(child);
  }
}

function matchNode(node: RouteNode, labels: Readonly<Record<string, string>>): MatchedRoute[] {
  const matched: MatchedRoute[] = [];
  for (const child of node.children) {
    if (!matchesAll(child.matchers, labels)) continue;
    matched.push(...matchNode(child, labels));
    if (!child.continue) break;
  }
  if (matched.length === 0) matched.push(copyOf(node.settings));
  return matched;
}

/** Callers may keep or change what they get without touching the tree. */
function copyOf(settings: MatchedRoute): MatchedRoute {
  return {
    ...settings,
    receivers: [...settings.receivers],
    groupBy: settings.groupBy === 'all' ? 'all' : [...settings.groupBy],
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function groupByOf(names: ReadonlyArray<string>): string[] | 'all' {
  return names.includes(GROUP_BY_ALL) ? 'all' : [...names];
}

function durationOr(text: string | undefined, inherited: number, routeKey: string): number {
  if (text === undefined) return inherited;
  const ms = parseDuration(text);
  if (ms === undefined)
    throw new RouteTreeError(`Alert route "${routeKey}": "${text}" is not a duration`, { routeKey });
  return ms;
}
