import type { ViewId } from "../views";

// Simple line icons drawn inline, so the app loads nothing from outside.
const PATHS: Record<ViewId, string> = {
  connect: "M9 7H6a5 5 0 0 0 0 10h3M15 7h3a5 5 0 0 1 0 10h-3M8 12h8",
  companies: "M4 21V5l8-3 8 3v16M9 21v-4h6v4M8 8h2M14 8h2M8 12h2M14 12h2",
  editor: "M8 6l-6 6 6 6M16 6l6 6-6 6M14 4l-4 16",
  library: "M4 4h5v16H4zM10 4h5v16h-5zM16 5l4 1-3 15-4-1z",
  runs: "M3 12h4l3-8 4 16 3-8h4",
};

export function ViewIcon({ id }: { id: ViewId }) {
  return (
    <svg
      class="icon"
      viewBox="0 0 24 24"
      width="20"
      height="20"
      fill="none"
      stroke="currentColor"
      stroke-width="1.8"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
    >
      <path d={PATHS[id]} />
    </svg>
  );
}
