import { VIEWS, type ViewId } from "./views";
import { ViewIcon } from "./views/icons";

export function Navigation({
  current,
  onSelect,
}: {
  current: ViewId;
  onSelect: (id: ViewId) => void;
}) {
  return (
    <nav class="nav" aria-label="Main">
      <div class="brand" aria-hidden="true">
        <img src="/logo.svg" alt="" width="28" height="28" />
        <span>Tandem</span>
      </div>
      <ul>
        {VIEWS.map((view, i) => (
          <li key={view.id}>
            <button
              type="button"
              class="nav-item"
              data-view={view.id}
              aria-current={view.id === current ? "page" : undefined}
              title={`${view.summary} (Ctrl+${i + 1})`}
              onClick={() => onSelect(view.id)}
            >
              <ViewIcon id={view.id} />
              <span>{view.label}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
