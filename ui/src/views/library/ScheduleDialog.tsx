// "Run on a schedule…": Tandem has no scheduler of its own; it writes the
// command line the OS scheduler runs and says, in plain words, where to put it.
import { useState } from "preact/hooks";
import type { ScheduleHelp } from "../../ipc";
import { Modal } from "./Modal";

export function ScheduleDialog(props: {
  help: ScheduleHelp;
  clipboard: (text: string) => Promise<void>;
  onClose: () => void;
}) {
  const { help } = props;
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    try {
      await props.clipboard(help.command);
      setCopied("Copied.");
    } catch {
      setCopied("Could not copy; select the command and copy it yourself.");
    }
  };
  return (
    <Modal title="Run on a schedule" testid="schedule-dialog" onClose={props.onClose} wide>
      <p>This command runs the query with the values you chose:</p>
      <pre class="schedule-command" data-testid="schedule-command" tabIndex={0}>
        {help.command}
      </pre>
      <div class="actions schedule-copy">
        <button
          type="button"
          class="button"
          data-testid="schedule-copy"
          onClick={() => void copy()}
        >
          Copy command
        </button>
        <span class="muted" role="status">
          {copied}
        </span>
      </div>
      {help.file && (
        <p class="hint">
          It runs the script saved in <code>{help.file}</code>.
        </p>
      )}
      <div class="schedule-explanation" data-testid="schedule-explanation">
        {help.explanation.split(/\n{2,}/).map((para, i) => (
          <p key={i}>{para}</p>
        ))}
      </div>
      <div class="dialog-buttons">
        <button type="button" class="button primary" onClick={props.onClose}>
          Done
        </button>
      </div>
    </Modal>
  );
}
