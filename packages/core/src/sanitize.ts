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
        return { tagName, attribs: { ...rest, alt: rest.alt || 'Remote image (not loaded)', 'data-remote-src': src, referrerpolicy: 'no-referrer' } };
      },
    },
  });
  return { html: out, remoteImages };
}

export function htmlToText(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).replace(/\s+\n/g, '\n').trim();
}
