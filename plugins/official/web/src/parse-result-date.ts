const UNIT_MS: Record<string, number> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 30 * 86_400_000,
  year: 365 * 86_400_000,
};

/** `Date` → `YYYY-MM-DD` in UTC. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function parseRelative(value: string, now: Date): Date | undefined {
  const match = /^(an?|\d+)\s+(second|minute|hour|day|week|month|year)s?\s+ago$/i.exec(value);
  if (!match) return undefined;
  const count = /^an?$/i.test(match[1]!) ? 1 : Number(match[1]);
  return new Date(now.getTime() - count * UNIT_MS[match[2]!.toLowerCase()]!);
}

const ISO_WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;
const HAS_ZONE = /(z|gmt|utc|[+-]\d{2}:?\d{2})$/i;

function toDate(time: number): Date | undefined {
  return Number.isNaN(time) ? undefined : new Date(time);
}

function parseAbsolute(value: string): Date | undefined {
  // ISO without an offset (Brave's `page_age`, SearXNG's `publishedDate`) would parse as local time; the
  // APIs mean UTC.
  if (ISO_WITHOUT_OFFSET.test(value))
    return toDate(Date.parse(value.length === 10 ? `${value}T00:00:00Z` : `${value}Z`));
  // "March 5, 2025" / "5 Mar 2025" (Brave's `age`): a calendar day, read in UTC like the rest.
  if (!HAS_ZONE.test(value) && /[a-z]/i.test(value)) {
    const utc = toDate(Date.parse(`${value} UTC`));
    if (utc) return utc;
  }
  return toDate(Date.parse(value));
}

/**
 * A result's publication date as `YYYY-MM-DD` (UTC), from whatever the provider sent: ISO dates or
 * date-times, human dates ("March 5, 2025"), or Brave's relative `age` ("3 days ago", "an hour ago").
 * Undefined when there is nothing usable.
 */
export function parseResultDate(value: unknown, now: Date = new Date()): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!text) return undefined;
  const date = parseRelative(text, now) ?? parseAbsolute(text);
  if (!date) return undefined;
  const year = date.getUTCFullYear();
  // Dates before the web or implausibly far ahead are placeholders, not publication dates.
  if (year < 1990 || date.getTime() > now.getTime() + 2 * UNIT_MS.day!) return undefined;
  return isoDay(date);
}
