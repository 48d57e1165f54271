/** Timestamps as stored: ISO-8601 UTC, fixed width, so string order is time order on every database. */
export function timestamp(date: Date = new Date()): string {
  return date.toISOString();
}
