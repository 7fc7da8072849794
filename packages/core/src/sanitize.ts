import { convert } from 'html-to-text';
import sanitizeHtml from 'sanitize-html';

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img'],
  allowedAttributes: { a: ['href', 'title', 'rel', 'target'], img: ['src', 'alt', 'width', 'height'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https', 'cid', 'data'] },
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }) },
};

/** Customer HTML is hostile: scripts, handlers and javascript: links never reach storage. */
export function sanitizeMessageHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}

const REMOTE = /^https?:/i;

/**
 * For display: customer HTML with every remote image disarmed. A remote image is how a sender learns that, when and
 * from where a message was read (a tracking pixel), so its address moves to `data-remote-src` and the browser fetches
 * nothing until an agent asks for it. Inline (cid:) and data: images stay. Sanitizes again, so rows stored before a
 * rule changed get today's rules.
 */
export function prepareMessageHtml(html: string): { html: string; remoteImages: number } {
  let remoteImages = 0;
  const out = sanitizeHtml(html, {
    ...OPTIONS,
    allowedAttributes: { ...OPTIONS.allowedAttributes, img: ['src', 'alt', 'width', 'height', 'data-remote-src', 'referrerpolicy'] },
    transformTags: {
      ...OPTIONS.transformTags,
      img: (tagName, attribs) => {
        const { src, ...rest } = attribs;
        // Only our own marker survives from the input; a sender cannot pre-fill it.
        delete rest['data-remote-src'];
        delete rest.referrerpolicy;
        if (!src || !REMOTE.test(src)) return { tagName, attribs: src ? { ...rest, src } : rest };
        remoteImages++;
        return {
          tagName,
          attribs: { ...rest, alt: rest.alt || 'Remote image (not loaded)', 'data-remote-src': src, referrerpolicy: 'no-referrer' },
        };
      },
    },
  });
  return { html: out, remoteImages };
}

const ABSOLUTE_LINK = /^(https?:|mailto:)/i;

/**
 * An agent's reply as the customer will get it. A link that is not absolute (http, https, mailto) points into this
 * app, e.g. a cited article's agent-only /knowledge page, which the customer cannot open: it becomes its text.
 */
export function sanitizeReplyHtml(html: string): string {
  return sanitizeHtml(html, {
    ...OPTIONS,
    transformTags: {
      a: (tagName, attribs) => {
        const href = attribs.href?.trim() ?? '';
        if (!ABSOLUTE_LINK.test(href)) return { tagName: 'span', attribs: {} };
        return { tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' } };
      },
    },
  });
}

const TEXT_OPTIONS = {
  wordwrap: false as const,
  selectors: [
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true, linkBrackets: ['<', '>'] as [string, string] } },
    { selector: 'img', format: 'skip' },
    // The editor wraps each list item's text in a paragraph; as blocks they would put a blank line between items.
    { selector: 'li > p', format: 'inline' },
    // Headings keep their case: the default upper-cases them, which reads as shouting in a reply.
    ...(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const).map((selector) => ({ selector, options: { uppercase: false } })),
  ],
};

/**
 * The plain-text alternative of an HTML body, as mail clients show it: paragraphs apart, list bullets, quotes
 * prefixed with "> ", and a link's address after its text.
 */
export function htmlToText(html: string): string {
  return convert(html, TEXT_OPTIONS).trim();
}
