'use client';

import { EditorContent, Extension, useEditor, useEditorState, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useId, useImperativeHandle, useMemo, useRef, useState, type ReactNode, type Ref } from 'react';
import { cn } from '@/lib/cn';
import { RICH_TEXT } from './rich-text-style';

export interface RichTextHandle {
  /** Replaces the content (a macro's or draft's HTML) and puts the caret at the end. */
  setContent(html: string): void;
  /** Appends paragraphs after what the agent already wrote. */
  append(html: string): void;
  clear(): void;
  focus(): void;
}

export interface RichTextEditorProps {
  id: string;
  label: string;
  placeholder: string;
  /** The editor's HTML on every change; '' when it holds no text. */
  onChange(html: string): void;
  invalid?: boolean;
  describedBy?: string;
  ref?: Ref<RichTextHandle>;
}

/** The address as typed, with https:// added to a bare host; null for anything but a web or mail address. */
function normaliseHref(raw: string): string | null {
  const value = raw.trim();
  if (!value) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`;
  return /^(https?:\/\/[^\s]+|mailto:[^\s]+)$/i.test(withScheme) ? withScheme : null;
}

function attributes(id: string, label: string, invalid?: boolean, describedBy?: string): Record<string, string> {
  return {
    id,
    role: 'textbox',
    'aria-multiline': 'true',
    'aria-label': label,
    ...(invalid ? { 'aria-invalid': 'true' } : {}),
    ...(describedBy ? { 'aria-describedby': describedBy } : {}),
    class: cn('min-h-32 max-h-96 overflow-y-auto px-3 py-2 text-sm text-slate-900 outline-none wrap-anywhere', RICH_TEXT),
  };
}

function ToolButton({
  label,
  shortcut,
  active,
  onClick,
  children,
}: {
  label: string;
  shortcut: string;
  active?: boolean;
  onClick(): void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      aria-keyshortcuts={shortcut}
      aria-pressed={active ?? undefined}
      title={`${label} (${shortcut.replace('Control', 'Ctrl')})`}
      // Keeps the editor's selection: a mousedown on the button would otherwise blur it first.
      onMouseDown={(e) => e.preventDefault()}
      onClick={onClick}
      className={cn(
        'inline-flex h-8 min-w-8 items-center justify-center rounded px-2 text-sm text-slate-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-700',
        active && 'bg-slate-900 text-white hover:bg-slate-800',
      )}
    >
      {children}
    </button>
  );
}

/**
 * The reply composer's rich-text field (Tiptap): bold, italic, lists, quotes and links, with the usual shortcuts
 * (Ctrl/Cmd+B, I, Shift+8, Shift+7, Shift+B, K for a link). What it produces is only a proposal: the server
 * sanitises the HTML and writes the plain-text part itself.
 */
export function RichTextEditor({ id, label, placeholder, onChange, invalid, describedBy, ref }: RichTextEditorProps) {
  const [linkOpen, setLinkOpen] = useState(false);
  const [linkValue, setLinkValue] = useState('');
  const [linkError, setLinkError] = useState<string | null>(null);
  const linkInput = useRef<HTMLInputElement>(null);
  const linkFieldId = useId();
  const openLinkRef = useRef<() => void>(() => {});

  // Made once: the editor compares its options on every render, and fresh extension objects would never match.
  const extensions = useMemo(
    () => [
      StarterKit.configure({
        heading: false,
        codeBlock: false,
        horizontalRule: false,
        // No autolink: it makes the link mark inclusive, so text typed after a link would join it.
        link: {
          openOnClick: false,
          autolink: false,
          protocols: ['mailto'],
          defaultProtocol: 'https',
          HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: '_blank' },
        },
      }),
      Extension.create({
        name: 'linkShortcut',
        addKeyboardShortcuts: () => ({
          'Mod-k': () => {
            openLinkRef.current();
            return true;
          },
        }),
      }),
    ],
    [],
  );

  const editor = useEditor({
    // Rendered on the client only: the server has no DOM for ProseMirror, and a mismatch would break hydration.
    immediatelyRender: false,
    extensions,
    // Passed on every render, so a changed label (reply or note) or error state reaches the editable element.
    editorProps: { attributes: attributes(id, label, invalid, describedBy) },
    onUpdate: ({ editor: e }) => onChange(e.isEmpty ? '' : e.getHTML()),
  });

  const state = useEditorState({
    editor,
    selector: ({ editor: e }: { editor: Editor | null }) => ({
      bold: e?.isActive('bold') ?? false,
      italic: e?.isActive('italic') ?? false,
      bullet: e?.isActive('bulletList') ?? false,
      ordered: e?.isActive('orderedList') ?? false,
      quote: e?.isActive('blockquote') ?? false,
      link: e?.isActive('link') ?? false,
      empty: e?.isEmpty ?? true,
    }),
  });

  openLinkRef.current = () => {
    if (!editor) return;
    setLinkValue((editor.getAttributes('link').href as string | undefined) ?? '');
    setLinkError(null);
    setLinkOpen(true);
    requestAnimationFrame(() => linkInput.current?.focus());
  };

  function closeLink() {
    setLinkOpen(false);
    editor?.commands.focus();
  }

  function applyLink() {
    if (!editor) return;
    if (!linkValue.trim()) {
      editor.chain().focus().extendMarkRange('link').unsetLink().run();
      setLinkOpen(false);
      return;
    }
    const href = normaliseHref(linkValue);
    if (!href) {
      setLinkError('Enter a web address (https://…) or mailto: address');
      return;
    }
    const chain = editor.chain().focus().extendMarkRange('link');
    // With nothing selected the address itself becomes the link text.
    if (editor.state.selection.empty && !editor.isActive('link'))
      chain.insertContent({ type: 'text', text: href, marks: [{ type: 'link', attrs: { href } }] }).run();
    else chain.setLink({ href }).run();
    setLinkOpen(false);
  }

  useImperativeHandle(
    ref,
    () => ({
      setContent(html) {
        editor?.chain().setContent(html, { emitUpdate: true }).focus('end').run();
      },
      append(html) {
        if (!editor) return;
        if (editor.isEmpty) editor.chain().setContent(html, { emitUpdate: true }).focus('end').run();
        else editor.chain().focus('end').insertContent(html).run();
      },
      clear() {
        editor?.commands.clearContent(true);
      },
      focus() {
        editor?.commands.focus('end');
      },
    }),
    [editor],
  );

  const run = (fn: (e: Editor) => void) => () => editor && fn(editor);
  return (
    <div className={cn('rounded-md border bg-white', invalid ? 'border-red-600' : 'border-slate-300', 'focus-within:border-brand-700')}>
      <div
        role="toolbar"
        aria-label="Formatting"
        aria-controls={id}
        className="flex flex-wrap items-center gap-0.5 border-b border-slate-200 p-1"
      >
        <ToolButton label="Bold" shortcut="Control+B" active={state?.bold} onClick={run((e) => e.chain().focus().toggleBold().run())}>
          <strong aria-hidden>B</strong>
        </ToolButton>
        <ToolButton label="Italic" shortcut="Control+I" active={state?.italic} onClick={run((e) => e.chain().focus().toggleItalic().run())}>
          <em aria-hidden className="font-serif">
            I
          </em>
        </ToolButton>
        <ToolButton
          label="Bulleted list"
          shortcut="Control+Shift+8"
          active={state?.bullet}
          onClick={run((e) => e.chain().focus().toggleBulletList().run())}
        >
          <span aria-hidden>•≡</span>
        </ToolButton>
        <ToolButton
          label="Numbered list"
          shortcut="Control+Shift+7"
          active={state?.ordered}
          onClick={run((e) => e.chain().focus().toggleOrderedList().run())}
        >
          <span aria-hidden>1.</span>
        </ToolButton>
        <ToolButton
          label="Quote"
          shortcut="Control+Shift+B"
          active={state?.quote}
          onClick={run((e) => e.chain().focus().toggleBlockquote().run())}
        >
          <span aria-hidden>❝</span>
        </ToolButton>
        <ToolButton label="Link" shortcut="Control+K" active={state?.link} onClick={() => openLinkRef.current()}>
          <span aria-hidden className="underline">
            Link
          </span>
        </ToolButton>
      </div>
      {linkOpen ? (
        <div
          className="flex flex-wrap items-center gap-2 border-b border-slate-200 bg-slate-50 p-2"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              closeLink();
            } else if (e.key === 'Enter') {
              e.preventDefault();
              applyLink();
            }
          }}
        >
          <label htmlFor={linkFieldId} className="text-sm text-slate-800">
            Link address
          </label>
          <input
            id={linkFieldId}
            ref={linkInput}
            type="url"
            inputMode="url"
            maxLength={2000}
            value={linkValue}
            onChange={(e) => setLinkValue(e.target.value)}
            placeholder="https://…"
            aria-invalid={linkError ? true : undefined}
            aria-describedby={linkError ? `${linkFieldId}-error` : undefined}
            className="h-8 min-w-0 flex-1 basis-40 rounded border border-slate-300 bg-white px-2 text-sm"
          />
          <button type="button" onClick={applyLink} className="h-8 rounded bg-slate-900 px-3 text-sm text-white">
            Apply link
          </button>
          {state?.link ? (
            <button
              type="button"
              onClick={() => {
                editor?.chain().focus().extendMarkRange('link').unsetLink().run();
                setLinkOpen(false);
              }}
              className="h-8 rounded px-3 text-sm text-slate-800 hover:bg-slate-100"
            >
              Remove link
            </button>
          ) : null}
          <button type="button" onClick={closeLink} className="h-8 rounded px-3 text-sm text-slate-800 hover:bg-slate-100">
            Cancel
          </button>
          {linkError ? (
            <p id={`${linkFieldId}-error`} role="alert" className="basis-full text-sm text-red-700">
              {linkError}
            </p>
          ) : null}
        </div>
      ) : null}
      <div className="relative">
        {state?.empty !== false ? (
          <p aria-hidden className="pointer-events-none absolute top-2 left-3 text-sm text-slate-500">
            {placeholder}
          </p>
        ) : null}
        <EditorContent editor={editor} />
      </div>
    </div>
  );
}
