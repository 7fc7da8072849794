/**
 * Tailwind's reset strips list bullets, quote bars and link colours; rich message bodies (the composer and sent
 * replies in the thread) get them back from these descendant rules.
 */
export const RICH_TEXT =
  '[&_p]:my-1 [&_ul]:my-1 [&_ul]:list-disc [&_ul]:pl-6 [&_ol]:my-1 [&_ol]:list-decimal [&_ol]:pl-6 [&_blockquote]:my-1 [&_blockquote]:border-l-4 [&_blockquote]:border-slate-300 [&_blockquote]:pl-3 [&_blockquote]:text-slate-700 [&_a]:text-brand-700 [&_a]:underline [&_strong]:font-semibold [&_em]:italic';
