'use client';

import { useRouter } from 'next/navigation';
import type { ComponentProps, ReactNode } from 'react';
import {
  beginEnrolmentAction,
  confirmEnrolmentAction,
  disableTwoFactorAction,
  endOtherSessionsAction,
  regenerateCodesAction,
  setRequirementAction,
  type EnrolState,
} from '@/app/account/security/actions';
import { TextField } from '@/components/auth/text-field';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/form-alert';
import type { FormState } from '@/lib/form-state';
import { useFormSubmit } from '@/lib/use-form-submit';

function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <div role="status" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-slate-900">
      <p className="font-semibold">Your recovery codes</p>
      <p>
        Keep them somewhere safe, such as a password manager. Each one signs you in once if you lose your phone. They are shown only now.
      </p>
      <ul data-testid="recovery-codes" className="grid grid-cols-1 gap-1 font-mono sm:grid-cols-2">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
    </div>
  );
}

/** Changes to how the account signs in ask for its password first. */
function PasswordForm({
  submit,
  label,
  className,
  variant,
  children,
}: {
  submit: ReturnType<typeof useFormSubmit>;
  label: string;
  className: string;
  variant: ComponentProps<typeof Button>['variant'];
  children: ReactNode;
}) {
  return (
    <form onSubmit={submit.onSubmit} className={className} noValidate>
      <FormAlert message={submit.state.message} />
      <TextField name="password" label={label} type="password" autoComplete="current-password" error={submit.errors.password} required />
      <Button type="submit" variant={variant} disabled={submit.pending}>
        {children}
      </Button>
    </form>
  );
}

export function TwoFactorPanel({ enabled, recoveryCodesLeft }: { enabled: boolean; recoveryCodesLeft: number }) {
  const router = useRouter();
  const begin = useFormSubmit<EnrolState>(() => beginEnrolmentAction());
  const confirm = useFormSubmit<EnrolState>(confirmEnrolmentAction);
  const regenerate = useFormSubmit<EnrolState>(regenerateCodesAction);
  const disable = useFormSubmit(async (form) => {
    const result = await disableTwoFactorAction(form);
    if (result.ok) router.refresh();
    return result;
  });

  if (confirm.state.recoveryCodes) {
    return (
      <div className="space-y-3">
        <p role="status" className="text-sm font-medium text-green-900">
          Two-factor sign-in is on. From now on you sign in with your password and a code from your app.
        </p>
        <RecoveryCodes codes={confirm.state.recoveryCodes} />
        <Button onClick={() => router.push('/')}>Done</Button>
      </div>
    );
  }

  if (enabled) {
    return (
      <div className="space-y-5 text-sm text-slate-800">
        <p>
          <strong>On.</strong> You sign in with your password and a code from your authenticator app. Recovery codes left:{' '}
          {recoveryCodesLeft}.
        </p>
        {regenerate.state.recoveryCodes ? <RecoveryCodes codes={regenerate.state.recoveryCodes} /> : null}
        <PasswordForm submit={regenerate} label="Your password, to make new recovery codes" className="space-y-3" variant="secondary">
          {regenerate.pending ? 'Making codes…' : 'Make new recovery codes'}
        </PasswordForm>
        <PasswordForm
          submit={disable}
          label="Your password, to turn two-factor sign-in off"
          className="space-y-3 border-t border-slate-200 pt-4"
          variant="danger"
        >
          Turn off two-factor sign-in
        </PasswordForm>
      </div>
    );
  }

  if (begin.state.ok && begin.state.secret && begin.state.qrSvg) {
    return (
      <div className="space-y-4 text-sm text-slate-800">
        <p>1. Scan this code with an authenticator app (for example Google Authenticator, 1Password, Aegis or Authy).</p>
        <div
          role="img"
          aria-label="QR code for your authenticator app"
          className="h-48 w-48 rounded border border-slate-200 bg-white p-1"
          // The SVG is made on our server by the qrcode library from the otpauth:// address; it holds no user input.
          dangerouslySetInnerHTML={{ __html: begin.state.qrSvg }}
        />
        <p>
          Can’t scan? Type this key into the app instead:{' '}
          <code data-testid="totp-secret" className="break-all rounded bg-slate-100 px-1 py-0.5 font-mono text-slate-900">
            {begin.state.secret}
          </code>
        </p>
        <form onSubmit={confirm.onSubmit} className="space-y-3" noValidate>
          <FormAlert message={confirm.state.message} />
          <TextField
            name="code"
            label="2. Enter the 6-digit code the app shows"
            inputMode="numeric"
            autoComplete="one-time-code"
            error={confirm.state.errors?.code}
            required
          />
          <Button type="submit" disabled={confirm.pending}>
            {confirm.pending ? 'Checking…' : 'Turn on two-factor sign-in'}
          </Button>
        </form>
      </div>
    );
  }

  return (
    <form onSubmit={begin.onSubmit} className="space-y-3 text-sm text-slate-800">
      <FormAlert message={begin.state.message} />
      <p>
        <strong>Off.</strong> Add a code from an authenticator app to your password, so a stolen password alone cannot open your account.
      </p>
      <Button type="submit" disabled={begin.pending}>
        {begin.pending ? 'Preparing…' : 'Set up two-factor sign-in'}
      </Button>
    </form>
  );
}

export interface SessionRow {
  id: string;
  createdAt: string;
  userAgent: string | null;
  current: boolean;
}

export function SessionsPanel({ sessions }: { sessions: SessionRow[] }) {
  const end = useFormSubmit<FormState & { ended?: number }>(() => endOtherSessionsAction());
  const others = sessions.filter((s) => !s.current).length;
  return (
    <div className="space-y-3 text-sm text-slate-800">
      <ul className="divide-y divide-slate-200" data-testid="session-list">
        {sessions.map((s) => (
          <li key={s.id} className="py-2">
            <p className="break-words">{s.userAgent ?? 'Unknown browser'}</p>
            <p className="text-slate-600">
              Signed in {new Date(s.createdAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC
              {s.current ? ' · this browser' : ''}
            </p>
          </li>
        ))}
      </ul>
      {end.state.ok ? (
        <p role="status" className="text-green-900">
          Signed out {end.state.ended === 1 ? '1 other session' : `${end.state.ended ?? 0} other sessions`}.
        </p>
      ) : null}
      <form onSubmit={end.onSubmit}>
        <FormAlert message={end.state.message} />
        <Button type="submit" variant="secondary" disabled={end.pending || others === 0}>
          Sign out all other sessions
        </Button>
      </form>
    </div>
  );
}

export function RequirementForm({ required }: { required: boolean }) {
  const router = useRouter();
  const save = useFormSubmit(async (form) => {
    const result = await setRequirementAction(form);
    if (result.ok) router.refresh();
    return result;
  });
  return (
    <form onSubmit={save.onSubmit} className="space-y-3 text-sm text-slate-800" noValidate>
      <FormAlert message={save.state.message} />
      <div className="flex items-start gap-2">
        <input
          id="field-required"
          name="required"
          type="checkbox"
          defaultChecked={required}
          className="mt-1 h-4 w-4"
          aria-invalid={save.state.errors?.required ? true : undefined}
          aria-describedby={save.state.errors?.required ? 'field-required-error' : undefined}
        />
        <label htmlFor="field-required">
          Require two-factor sign-in for owners and admins. Those without it are asked to set it up before they can continue.
        </label>
      </div>
      {save.state.errors?.required ? (
        <p id="field-required-error" role="alert" className="text-sm text-red-700">
          {save.state.errors.required}
        </p>
      ) : null}
      {save.state.ok ? (
        <p role="status" className="text-green-900">
          Saved.
        </p>
      ) : null}
      <Button type="submit" variant="secondary" disabled={save.pending}>
        Save sign-in rule
      </Button>
    </form>
  );
}
