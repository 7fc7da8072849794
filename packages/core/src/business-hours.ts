import { TZDate } from '@date-fns/tz';
import { z } from 'zod';

/** Tenant.businessHours: working days (0 = Sunday) and a daily window, in the tenant's time zone. */
export const businessHoursSchema = z
  .object({
    days: z.array(z.number().int().min(0).max(6)).min(1),
    start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
    end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
  })
  .refine((h) => h.start < h.end, { message: 'end must be after start', path: ['end'] });

export type BusinessHours = z.infer<typeof businessHoursSchema>;

const MINUTE = 60_000;

function hoursAndMinutes(hhmm: string): [number, number] {
  const [h, m] = hhmm.split(':').map(Number);
  return [h ?? 0, m ?? 0];
}

/**
 * Adds working minutes to an instant, skipping time outside the tenant's business hours. Each day's window is
 * built from wall-clock times in the zone (TZDate), so days of 23 or 25 hours around DST changes keep 09:00 at 09:00.
 */
export function addBusinessMinutes(from: Date, minutes: number, hours: BusinessHours, timeZone: string): Date {
  const [startH, startM] = hoursAndMinutes(hours.start);
  const [endH, endM] = hoursAndMinutes(hours.end);
  let remaining = minutes * MINUTE;
  let cursor = from.getTime();
  for (let guard = 0; guard < 800; guard++) {
    const local = new TZDate(cursor, timeZone);
    const [y, mo, d] = [local.getFullYear(), local.getMonth(), local.getDate()];
    const windowStart = new TZDate(y, mo, d, startH, startM, timeZone).getTime();
    const windowEnd = new TZDate(y, mo, d, endH, endM, timeZone).getTime();
    if (hours.days.includes(local.getDay()) && cursor < windowEnd) {
      const start = Math.max(cursor, windowStart);
      if (remaining <= windowEnd - start) return new Date(start + remaining);
      remaining -= windowEnd - start;
    }
    cursor = new TZDate(y, mo, d + 1, timeZone).getTime();
  }
  throw new Error('Business hours never open: check Tenant.businessHours');
}
