import type { HttpFixture } from '../../test-utils/src/index.js';
import type { OtlpSpan } from '../telemetry/telemetry-helpers.js';
import type { LeakSource } from './leak-scan.js';

type Attributes = OtlpSpan['attributes'];

function attributeSources(where: string, attributes: Attributes | undefined): LeakSource[] {
  return (attributes ?? []).map(({ key, value }) => ({
    where: `${where} attribute ${key}`,
    data: JSON.stringify(value) ?? '',
  }));
}

/**
 * What the OTLP collector received, as leak sources: each export body whole (so nothing in it goes
 * unsearched, resource attributes included), and each span's name, status, attributes and event attributes
 * on their own, so a hit names the span and attribute it is in.
 */
export function spanSources(collector: HttpFixture): LeakSource[] {
  const sources: LeakSource[] = [];
  collector.requests.forEach((request, index) => {
    const body = request.body;
    sources.push({
      where: `OTLP export #${index + 1} (whole body)`,
      data: typeof body === 'string' ? body : (JSON.stringify(body) ?? ''),
    });
    const resourceSpans =
      (body as { resourceSpans?: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }> })?.resourceSpans ?? [];
    for (const span of resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans))) {
      const where = `span "${span.name}" (${span.spanId})`;
      sources.push({ where: `${where} name`, data: span.name });
      sources.push({ where: `${where} status`, data: JSON.stringify(span.status ?? {}) });
      sources.push(...attributeSources(where, span.attributes));
      for (const event of span.events ?? [])
        sources.push(...attributeSources(`${where} event "${event.name}"`, event.attributes));
    }
  });
  return sources;
}
