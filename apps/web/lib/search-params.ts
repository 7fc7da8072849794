/** A page's `searchParams` as Next.js passes it. */
export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The first value of a query parameter (`?a=1&a=2` reads as 1); undefined when it is missing. */
export const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
