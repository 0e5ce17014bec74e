import { useEffect, useState } from 'react';

/** A text setting saved when the field loses focus, not on every keystroke. */
export function TextSetting({ label, value, onSave, testId, placeholder }: { label: string; value: string; onSave(v: string): void; testId: string; placeholder?: string }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  return (
    <label>
      {label}
      <input value={draft} placeholder={placeholder} onChange={(e) => setDraft(e.target.value)} onBlur={() => draft !== value && onSave(draft)} data-testid={testId} />
    </label>
  );
}
