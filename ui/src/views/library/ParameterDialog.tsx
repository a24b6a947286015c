// Asks for a script's `${NAME}` values before something runs (or before its
// schedule command is written). The backend says which fields there are;
// with none, the answer is immediate and no dialog shows.
import { useEffect, useState } from "preact/hooks";
import type { Backend, ParameterField } from "../../ipc";
import { errorText } from "../../commandError";
import { Modal } from "./Modal";
import { ParameterForm } from "./ParameterForm";

export interface ParameterDialogProps {
  backend: Backend;
  script: string;
  queryId: number | null;
  preset?: Record<string, string> | undefined;
  title: string;
  submitLabel: string;
  onSubmit: (values: Record<string, string>) => void;
  onCancel: () => void;
}

export function ParameterDialog(props: ParameterDialogProps) {
  const { backend, script, queryId } = props;
  const [fields, setFields] = useState<ParameterField[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    backend.parameterFields(script, queryId).then(
      (found) => {
        if (!live) return;
        if (found.length === 0) props.onSubmit({});
        else setFields(found);
      },
      (error) => live && setProblem(`The script's values could not be read: ${errorText(error)}`),
    );
    return () => {
      live = false;
    };
    // Asked once per dialog: the script and query do not change while it shows.
  }, []);

  if (problem) {
    return (
      <Modal title={props.title} testid="param-dialog" onClose={props.onCancel}>
        <p class="field-error" role="alert">
          {problem}
        </p>
        <div class="dialog-buttons">
          <button type="button" class="button" onClick={props.onCancel}>
            Close
          </button>
        </div>
      </Modal>
    );
  }
  if (!fields) return null;
  return (
    <Modal title={props.title} testid="param-dialog" onClose={props.onCancel} wide>
      <p>Fill in the values this script needs.</p>
      <ParameterForm
        backend={backend}
        fields={fields}
        queryId={queryId}
        preset={props.preset}
        submitLabel={props.submitLabel}
        onSubmit={props.onSubmit}
        onCancel={props.onCancel}
      />
    </Modal>
  );
}
