/** What a virtual list needs to know to show only the rows in view. */
export interface WindowInput {
  /** How far the list is scrolled, in px from its first row. */
  scrollTop: number;
  /** Height of the visible area, in px. */
  viewportHeight: number;
  /** Height of every row, in px. */
  rowHeight: number;
  /** Number of rows in the list. */
  count: number;
  /** Rows rendered beyond each edge of the view, so a fast scroll does not show blanks. */
  overscan: number;
  /** Most rows ever rendered at once, whatever the viewport (a very tall screen). */
  maxRows?: number;
}

/** The rows to render (`start` inclusive, `end` exclusive) and the empty space before and after them. */
export interface VisibleWindow {
  start: number;
  end: number;
  /** Height the rows before `start` would take, in px. */
  before: number;
  /** Height the rows from `end` on would take, in px. */
  after: number;
}

/** The rows a fixed-height list must render so the view is full, and the spacers that keep its scroll height. */
export function visibleWindow(input: WindowInput): VisibleWindow {
  const { rowHeight, count, overscan } = input;
  const maxRows = input.maxRows ?? 100;
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0, before: 0, after: 0 };
  const scrollTop = Math.max(0, input.scrollTop);
  const viewportHeight = Math.max(0, input.viewportHeight);
  const firstVisible = Math.min(count - 1, Math.floor(scrollTop / rowHeight));
  const lastVisible = Math.min(count, Math.ceil((scrollTop + viewportHeight) / rowHeight));
  let start = Math.max(0, firstVisible - overscan);
  let end = Math.min(count, Math.max(lastVisible, firstVisible + 1) + overscan);
  if (end - start > maxRows) {
    // Keep the rows in view, trimming the overscan first.
    start = Math.max(start, Math.min(firstVisible, end - maxRows));
    end = start + maxRows;
  }
  return { start, end, before: start * rowHeight, after: (count - end) * rowHeight };
}

/** Whether the rendered rows come within `threshold` rows of the end of the list (time to load more). */
export function nearEnd(window: VisibleWindow, count: number, threshold: number): boolean {
  return count - window.end <= threshold;
}
