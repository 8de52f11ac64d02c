import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { nearEnd, type VisibleWindow, visibleWindow } from './virtual-window.js';

export interface VirtualListProps<T> {
  items: readonly T[];
  /** Height of every row in px (rows must not grow: the CSS fixes it too). */
  rowHeight: number;
  /** Rows rendered beyond each edge of the view (default 8). */
  overscan?: number;
  /** Name of the scrolling region, for screen readers. */
  label: string;
  class?: string;
  /** Px of fixed content above the first row inside the scrolling area (a sticky table header). */
  headerHeight?: number;
  /**
   * Renders the rows in view and the spacers standing for the others: a `<table>` puts them in spacer
   * rows, a plain list in spacer blocks. `rows` are the items from `window.start`, in order.
   */
  children: (rows: readonly T[], window: VisibleWindow) => ComponentChildren;
  /** Called when the rendered rows come within `endThreshold` rows of the end (to load the next page). */
  onNearEnd?: () => void;
  endThreshold?: number;
}

/**
 * A scrolling list of many fixed-height rows that renders only those in view plus a small overscan
 * (never more than 100), with spacers keeping the scroll height of the whole list.
 */
export function VirtualList<T>(props: VirtualListProps<T>) {
  const { items, rowHeight, overscan = 8, headerHeight = 0, endThreshold = 50 } = props;
  const container = useRef<HTMLElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(600);
  const frame = useRef<number | undefined>(undefined);

  useLayoutEffect(() => {
    const element = container.current;
    if (!element) return;
    const measure = () => setViewportHeight(element.clientHeight);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(
    () => () => {
      if (frame.current !== undefined) cancelAnimationFrame(frame.current);
    },
    [],
  );

  const onScroll = (element: HTMLElement) => {
    if (frame.current !== undefined) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = undefined;
      setScrollTop(element.scrollTop);
    });
  };

  const shown = visibleWindow({
    scrollTop: Math.max(0, scrollTop - headerHeight),
    viewportHeight,
    rowHeight,
    count: items.length,
    overscan,
  });
  const wantsMore = props.onNearEnd !== undefined && nearEnd(shown, items.length, endThreshold);
  const onNearEnd = useRef(props.onNearEnd);
  onNearEnd.current = props.onNearEnd;
  useEffect(() => {
    if (wantsMore) onNearEnd.current?.();
  }, [wantsMore, items.length]);

  return (
    <section
      ref={container}
      class={props.class ? `virtual-list ${props.class}` : 'virtual-list'}
      aria-label={props.label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region takes focus so the keyboard can scroll it
      tabIndex={0}
      onScroll={(event) => onScroll(event.currentTarget)}
      style={{ overflow: 'auto' }}
    >
      {props.children(items.slice(shown.start, shown.end), shown)}
    </section>
  );
}
