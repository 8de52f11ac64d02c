const DEFAULT_RANGES: Array<[number, number]> = [[200, 299]];

/** The ranges to judge by: the spec's, or 200-299 when it gives none. */
export function effectiveStatusRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  return ranges.length > 0 ? ranges : DEFAULT_RANGES;
}

/** Whether a status code falls in one of the inclusive ranges. */
export function isExpectedStatus(statusCode: number, ranges: Array<[number, number]>): boolean {
  return ranges.some(([low, high]) => statusCode >= low && statusCode <= high);
}

/** Ranges as a person writes them: "200-299, 304". */
export function formatStatusRanges(ranges: Array<[number, number]>): string {
  return ranges.map(([low, high]) => (low === high ? `${low}` : `${low}-${high}`)).join(', ');
}
