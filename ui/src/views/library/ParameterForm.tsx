// The form a script's `${NAME}`s become before it runs. Each field's input
// follows its kind; the author of a saved query can change the kind (it is
// remembered for the query). Required fields stop the run with a message
// naming them, and nothing typed is lost.
import { useEffect, useRef, useState } from "preact/hooks";
import type { Backend, Company, ParameterField, ParameterKind } from "../../ipc";
import { errorText } from "../../commandError";
import { CompanyPicker } from "./CompanyPicker";
import {
  KINDS,
  KIND_LABELS,
  NO,
  YES,
  initialValues,
  invalidMessage,
  missingMessage,
} from "./parameters";
import { parseTags } from "./folders";

export interface ParameterFormProps {
  backend: Backend;
  fields: ParameterField[];
  /** The saved query run; its author may change the kinds. */
  queryId: number | null;
  /** Values to start with over the remembered ones (a past run's). */
  preset?: Record<string, string> | undefined;
  submitLabel: string;
  onSubmit: (values: Record<string, string>) => void;
  onCancel: () => void;
}

export function ParameterForm(props: ParameterFormProps) {
  const { backend, queryId } = props;
  const [fields, setFields] = useState(props.fields);
  const [values, setValues] = useState(() => initialValues(props.fields, props.preset));
  const [problem, setProblem] = useState<string | null>(null);
  const [companies, setCompanies] = useState<Company[] | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const needsCompanies = fields.some((f) => f.kind === "company" || f.kind === "companies");
  const [neededCompaniesAtOpen] = useState(needsCompanies);

  useEffect(() => {
    if (!needsCompanies || companies !== null) return;
    let live = true;
    backend.companies().then(
      (list) => live && setCompanies(list),
      () => live && setCompanies([]),
    );
    return () => {
      live = false;
    };
  }, [backend, needsCompanies, companies]);

  const set = (name: string, value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    setProblem(null);
  };

  const changeKind = async (
    field: ParameterField,
    kind: ParameterKind | null,
    options: string[],
  ) => {
    if (queryId === null) return;
    const next = { ...field, kind: kind ?? field.kind, guessed: kind === null, options };
    setFields((fs) => fs.map((f) => (f.name === field.name ? next : f)));
    try {
      await backend.setParameterKind(queryId, field.name, kind, options);
    } catch (error) {
      setProblem(`The input for ${field.label} could not be changed: ${errorText(error)}`);
    }
  };

  const submit = (event: Event) => {
    event.preventDefault();
    const message =
      missingMessage(fields, values) ??
      fields.map((f) => invalidMessage(f, values[f.name] ?? "")).find((m) => m !== null) ??
      null;
    if (message) {
      setProblem(message);
      const first = fields.find(
        (f) =>
          (f.required && (values[f.name] ?? "").trim() === "") ||
          invalidMessage(f, values[f.name] ?? ""),
      );
      if (first) form.current?.querySelector<HTMLElement>(`#param-${first.name}`)?.focus();
      return;
    }
    props.onSubmit(values);
  };

  // When the form opens with a company field, only Cancel shows until the
  // companies are here: the fields and Run then appear together where they
  // stay, so Run does not jump down under the pointer when hundreds of
  // companies arrive. A field switched to a company later loads in place.
  const loading = neededCompaniesAtOpen && companies === null;
  return (
    <form
      ref={form}
      class="param-form"
      data-testid="param-form"
      onSubmit={submit}
      noValidate
      aria-busy={loading}
    >
      {loading && (
        <p class="muted" role="status" data-testid="param-loading">
          Loading companies…
        </p>
      )}
      {!loading &&
        fields.map((f) => (
          <div key={f.name} class="param-field" data-testid="param-field" data-name={f.name}>
            <div class="param-label-row">
              <label for={`param-${f.name}`} class="param-label">
                {f.label || f.name}
                {f.required && <span class="required"> (required)</span>}
              </label>
              {queryId !== null && (
                <select
                  class="param-kind"
                  aria-label={`Kind of input for ${f.label || f.name}`}
                  title="The kind of input this value needs (remembered for this query)"
                  value={f.kind}
                  onChange={(e) =>
                    void changeKind(
                      f,
                      (e.target as HTMLSelectElement).value as ParameterKind,
                      f.options,
                    )
                  }
                >
                  {KINDS.map((k) => (
                    <option key={k} value={k}>
                      {KIND_LABELS[k]}
                      {f.guessed && k === f.kind ? " (guessed)" : ""}
                    </option>
                  ))}
                </select>
              )}
            </div>
            <FieldInput
              field={f}
              value={values[f.name] ?? ""}
              companies={companies}
              onChange={(v) => set(f.name, v)}
            />
            {queryId !== null && f.kind === "list" && (
              <label class="hint param-options">
                Choices, separated by commas:{" "}
                <input
                  type="text"
                  defaultValue={f.options.join(", ")}
                  aria-label={`Choices for ${f.label || f.name}`}
                  onChange={(e) =>
                    void changeKind(f, "list", parseTags((e.target as HTMLInputElement).value))
                  }
                />
              </label>
            )}
            <span class="param-name muted">{"${" + f.name + "}"}</span>
          </div>
        ))}
      {problem && (
        <p class="field-error" role="alert" data-testid="param-problem">
          {problem}
        </p>
      )}
      <div class="dialog-buttons">
        <button type="button" class="button" onClick={props.onCancel}>
          Cancel
        </button>
        {!loading && (
          <button type="submit" class="button primary" data-testid="param-run">
            {props.submitLabel}
          </button>
        )}
      </div>
    </form>
  );
}

function FieldInput(props: {
  field: ParameterField;
  value: string;
  companies: Company[] | null;
  onChange: (value: string) => void;
}) {
  const { field, value, onChange } = props;
  const id = `param-${field.name}`;
  const label = field.label || field.name;
  const onInput = (e: Event) => onChange((e.target as HTMLInputElement).value);
  switch (field.kind) {
    case "number":
      return <input id={id} type="text" inputMode="decimal" value={value} onInput={onInput} />;
    case "date":
      return <input id={id} type="date" value={value} onInput={onInput} />;
    case "yesno": {
      const on = value === YES;
      return (
        <button
          id={id}
          type="button"
          role="switch"
          class={`toggle${on ? " on" : ""}`}
          aria-checked={on}
          onClick={() => onChange(on ? NO : YES)}
        >
          <span class="toggle-track" aria-hidden="true" />
          {on ? "Yes" : "No"}
        </button>
      );
    }
    case "list":
      return (
        <select
          id={id}
          value={value}
          onChange={(e) => onChange((e.target as HTMLSelectElement).value)}
        >
          {!field.options.includes(value) && <option value={value}>{value || "Choose…"}</option>}
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    case "company":
    case "companies":
      return (
        <CompanyPicker
          id={id}
          label={label}
          companies={props.companies}
          multiple={field.kind === "companies"}
          value={value}
          onChange={onChange}
        />
      );
    default:
      return <input id={id} type="text" value={value} onInput={onInput} />;
  }
}
