import { expect, type Page } from '@playwright/test';

export const PHONE = { width: 390, height: 844 };

/** Fails when the page is wider than its viewport, i.e. the user has to scroll sideways. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  // A string: the e2e tsconfig has no DOM types.
  const [scrollWidth, clientWidth] = (await page.evaluate('[document.documentElement.scrollWidth, document.documentElement.clientWidth]')) as [number, number];
  expect(scrollWidth, `${page.url()} is ${scrollWidth} px wide in a ${clientWidth} px viewport`).toBeLessThanOrEqual(clientWidth);
}
