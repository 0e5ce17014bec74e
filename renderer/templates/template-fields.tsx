import type { ReactNode } from 'react';

/** Small labelled controls the template editor is built from; each reports a whole new value. */

export function ColorField({ label, value, onChange, testId }: { label: string; value: string; onChange(v: string): void; testId?: string }) {
  return (
    <label className="color-field">
      {label}
      <input type="color" value={value.slice(0, 7)} onChange={(e) => onChange(e.target.value.toUpperCase() + value.slice(7))} data-testid={testId} />
    </label>
  );
}

export function RangeField(props: { label: string; value: number; min: number; max: number; step: number; unit?: (v: number) => string; onChange(v: number): void; testId?: string }) {
  return (
    <label>
      <span>
        {props.label} <span className="meta">{props.unit ? props.unit(props.value) : props.value}</span>
      </span>
      <input type="range" min={props.min} max={props.max} step={props.step} value={props.value} onChange={(e) => props.onChange(Number(e.target.value))} data-testid={props.testId} />
    </label>
  );
}

export function SelectField<T extends string>(props: { label: string; value: T; options: ReadonlyArray<T | readonly [T, string]>; onChange(v: T): void; testId?: string }) {
  return (
    <label>
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value as T)} data-testid={props.testId}>
        {props.options.map((o) => {
          const [value, text] = typeof o === 'string' ? [o, o] : (o as readonly [T, string]);
          return (
            <option key={value} value={value}>
              {text}
            </option>
          );
        })}
      </select>
    </label>
  );
}

export function CheckField({ label, value, onChange, testId }: { label: string; value: boolean; onChange(v: boolean): void; testId?: string }) {
  return (
    <label className="check">
      <input type="checkbox" checked={value} onChange={(e) => onChange(e.target.checked)} data-testid={testId} /> {label}
    </label>
  );
}

export function TextField({ label, value, onChange, testId, onBlur }: { label: string; value: string; onChange(v: string): void; testId?: string; onBlur?(): void }) {
  return (
    <label>
      {label}
      <input value={value} onChange={(e) => onChange(e.target.value)} onBlur={onBlur} data-testid={testId} />
    </label>
  );
}

export function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <fieldset className="template-section" data-testid={testId}>
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}
