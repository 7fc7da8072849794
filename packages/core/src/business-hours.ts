import { z } from 'zod';

/** Tenant.businessHours: working days (0 = Sunday) and a daily window, in the tenant's time zone. */
export const businessHoursSchema = z.object({
  days: z.array(z.number().int().min(0).max(6)).min(1),
  start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
  end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
}).refine((h) => h.start < h.end, { message: 'end must be after start', path: ['end'] });

export type BusinessHours = z.infer<typeof businessHoursSchema>;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Offset of a zone from UTC at an instant, in ms (positive east of Greenwich). */
function zoneOffset(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
      .formatToParts(at)
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** Adds working minutes to an instant, skipping time outside the tenant's business hours. */
export function addBusinessMinutes(from: Date, minutes: number, hours: BusinessHours, timeZone: string): Date {
  let remaining = minutes * MINUTE;
  let cursor = from.getTime();
  for (let guard = 0; guard < 800; guard++) {
    const offset = zoneOffset(new Date(cursor), timeZone);
    const localMidnight = Math.floor((cursor + offset) / DAY) * DAY - offset;
    const weekday = new Date(localMidnight + offset).getUTCDay();
    const windowStart = localMidnight + minutesOf(hours.start) * MINUTE;
    const windowEnd = localMidnight + minutesOf(hours.end) * MINUTE;
    if (hours.days.includes(weekday) && cursor < windowEnd) {
      const start = Math.max(cursor, windowStart);
      if (remaining <= windowEnd - start) return new Date(start + remaining);
      remaining -= windowEnd - start;
    }
    cursor = localMidnight + DAY;
  }
  throw new Error('Business hours never open: check Tenant.businessHours');
}
