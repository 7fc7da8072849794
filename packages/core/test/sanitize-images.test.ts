import { describe, expect, it } from 'vitest';
import { prepareMessageHtml, sanitizeMessageHtml } from '../src/sanitize';

describe('remote images in customer HTML', () => {
  it('disarms a tracking pixel: no src the browser would fetch, the address kept for an agent who asks', () => {
    const stored = sanitizeMessageHtml('<p>Hi</p><img src="https://tracker.example/p.gif?u=42" width="1" height="1">');
    const { html, remoteImages } = prepareMessageHtml(stored);
    expect(remoteImages).toBe(1);
    expect(html).not.toMatch(/\ssrc=/);
    expect(html).toContain('data-remote-src="https://tracker.example/p.gif?u=42"');
    expect(html).toContain('referrerpolicy="no-referrer"');
    expect(html).toContain('<p>Hi</p>');
  });

  it('keeps inline and data: images, which fetch nothing from the sender', () => {
    const data = 'data:image/png;base64,iVBORw0KGgo=';
    const { html, remoteImages } = prepareMessageHtml(`<img src="cid:logo@mail" alt="logo"><img src="${data}" alt="x">`);
    expect(remoteImages).toBe(0);
    expect(html).toContain('src="cid:logo@mail"');
    expect(html).toContain(`src="${data}"`);
  });

  it('ignores a marker the sender wrote and anything else that could fetch or run', () => {
    const { html, remoteImages } = prepareMessageHtml(
      '<img data-remote-src="https://evil.example/a.gif" alt="a"><img src="https://evil.example/b.gif" onerror="alert(1)" srcset="https://evil.example/c.gif 2x">' +
        '<div style="background:url(https://evil.example/d.gif)">x</div><video poster="https://evil.example/e.gif"></video>',
    );
    expect(remoteImages).toBe(1);
    expect(html.match(/https:\/\/evil\.example\/\w+\.gif/g)).toEqual(['https://evil.example/b.gif']);
    expect(html).not.toMatch(/onerror|srcset|style=|<video|\ssrc=/);
  });
});
