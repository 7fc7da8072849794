/** A form's own problem (not one field's), above its fields and announced when it appears. */
export function FormAlert({ message }: { message?: string | null }) {
  return message ? (
    <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
      {message}
    </p>
  ) : null;
}
