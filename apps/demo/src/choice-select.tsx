import { useId } from 'react';

export interface ChoiceSelectProps {
  label: string;
  /** The first, empty option: nothing chosen yet. */
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  choices: readonly { value: string; label: string }[] | undefined;
}

/** A labelled, required pick of one item of a list that starts with nothing chosen. */
export function ChoiceSelect({ label, placeholder, value, onChange, choices }: ChoiceSelectProps) {
  const id = useId();
  return (
    <div className="demo-form-row">
      <label htmlFor={id} className="demo-form-label">
        {label}
      </label>
      <select
        id={id}
        className="demo-choice-select"
        value={value}
        required
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">{placeholder}</option>
        {choices?.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  );
}
