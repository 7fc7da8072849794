import { expect, type Page } from '@playwright/test';

export const PHONE = { width: 390, height: 844 };

// A string: the e2e tsconfig has no DOM types. Names the deepest elements reaching past the viewport's right edge
// (content of a scrolling box does not count: it scrolls inside its box, not the page).
const MEASURE = `(() => {
  const width = document.documentElement.clientWidth;
  const clipped = (el) => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') return true; return false; };
  const wide = [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > width + 1 && !clipped(el) && ![...el.children].some((c) => c.getBoundingClientRect().right > width + 1));
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).slice(0, 4).join('.') : '');
  const chain = [];
  for (let el = wide[0]; el && el !== document.body; el = el.parentElement) chain.push(name(el) + ' ' + Math.round(el.getBoundingClientRect().width));
  return { scrollWidth: document.documentElement.scrollWidth, clientWidth: width, wide: wide.slice(0, 5).map(name).concat(chain.length ? ['inside: ' + chain.join(' < ')] : []) };
})()`;

/** Fails when the page is wider than its viewport, i.e. the user has to scroll sideways; the message names what sticks out. */
export async function expectNoHorizontalScroll(page: Page, soft = false): Promise<void> {
  const { scrollWidth, clientWidth, wide } = (await page.evaluate(MEASURE)) as { scrollWidth: number; clientWidth: number; wide: string[] };
  (soft ? expect.soft : expect)(
    scrollWidth,
    `${page.url()} is ${scrollWidth} px wide in a ${clientWidth} px viewport: ${wide.join(', ')}`,
  ).toBeLessThanOrEqual(clientWidth);
}
