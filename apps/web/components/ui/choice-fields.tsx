import type { SelectHTMLAttributes } from 'react';
import type { SelectOption } from './select';

/** A native select's options; `empty` names the option that submits "" (Any, No change, Unassigned). */
export function Options({ choices, empty }: { choices: readonly SelectOption[]; empty?: string }) {
  return (
    <>
      {empty === undefined ? null : <option value="">{empty}</option>}
      {choices.map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
    </>
  );
}

/** A native select labelled by the text it sits under, as the compact admin and inbox forms lay out their fields. */
export function SelectField({
  label,
  labelClassName = 'block text-sm',
  choices,
  empty,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & {
  label: string;
  labelClassName?: string;
  choices: readonly SelectOption[];
  empty?: string;
}) {
  return (
    <label className={labelClassName}>
      {label}
      <select {...props}>
        <Options choices={choices} empty={empty} />
      </select>
    </label>
  );
}

/** Checkboxes under a legend that submit every ticked value under one name. */
export function CheckboxFieldset({ legend, name, choices }: { legend: string; name: string; choices: readonly SelectOption[] }) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-900">{legend}</legend>
      <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
        {choices.map((c) => (
          <label key={c.value} className="flex items-center gap-2 text-sm">
            <input type="checkbox" name={name} value={c.value} />
            {c.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
