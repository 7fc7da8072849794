'use client';

import { useId, useRef } from 'react';
import { Button, type ButtonProps } from './button';

/**
 * A submit button that asks first, in a native modal <dialog> inside the same form: the confirm button submits
 * the form, Cancel (focused on open, so Enter does not destroy anything) and Escape close it, and the browser
 * returns focus to the trigger.
 */
export function ConfirmSubmit({
  children,
  title,
  description,
  confirmLabel = 'Delete',
  variant = 'danger',
  size,
}: {
  children: ButtonProps['children'];
  title: string;
  description: string;
  confirmLabel?: string;
  variant?: ButtonProps['variant'];
  size?: ButtonProps['size'];
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const id = useId();
  return (
    <>
      <Button
        type="button"
        variant={variant}
        size={size}
        aria-haspopup="dialog"
        onClick={() => {
          dialog.current?.showModal();
          cancel.current?.focus();
        }}
      >
        {children}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-description`}
        className="fixed inset-0 m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg bg-white p-6 text-left shadow-xl backdrop:bg-slate-900/40"
      >
        <h2 id={`${id}-title`} className="text-lg font-semibold break-words text-slate-900">
          {title}
        </h2>
        <p id={`${id}-description`} className="mt-2 text-sm break-words text-slate-700">
          {description}
        </p>
        <div className="mt-6 flex justify-end gap-2">
          <button
            ref={cancel}
            type="button"
            onClick={() => dialog.current?.close()}
            className="inline-flex h-10 items-center rounded-md border border-slate-300 bg-white px-4 text-sm font-medium text-slate-800 hover:bg-slate-100"
          >
            Cancel
          </button>
          <Button type="submit" variant="danger" onClick={() => dialog.current?.close()}>
            {confirmLabel}
          </Button>
        </div>
      </dialog>
    </>
  );
}
