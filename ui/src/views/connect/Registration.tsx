// The "Advanced" part of Connect: a firm's own Exact Online app registration.
// Most users never open it; Tandem's own registration is used when it is empty.
// The secret is never shown again once saved: the field stays empty and says
// that one is kept.
import type { LoginRequest, SavedRegistration } from "../../ipc";

type AppRegistrationInput = NonNullable<LoginRequest["registration"]>;

export interface RegistrationDraft {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export const EMPTY_DRAFT: RegistrationDraft = { clientId: "", clientSecret: "", redirectUri: "" };

export function draftFrom(saved: SavedRegistration | null): RegistrationDraft {
  return saved
    ? { clientId: saved.clientId, clientSecret: "", redirectUri: saved.redirectUri }
    : EMPTY_DRAFT;
}

/** What login sends: `null` (the saved or built-in registration) when no
 * client id is typed; else the fields, an empty secret keeping the saved one. */
export function registrationFor(draft: RegistrationDraft): AppRegistrationInput | null {
  const clientId = draft.clientId.trim();
  if (!clientId) return null;
  return { clientId, clientSecret: draft.clientSecret, redirectUri: draft.redirectUri.trim() };
}

/** Why the draft cannot be used, or `null` when it can. */
export function draftProblem(
  draft: RegistrationDraft,
  saved: SavedRegistration | null,
): string | null {
  if (!draft.clientId.trim()) return null;
  if (!draft.redirectUri.trim())
    return "Fill in the redirect URI registered with your app, or clear the client id.";
  const secretKept = saved?.hasSecret && saved.clientId === draft.clientId.trim();
  if (!draft.clientSecret && !secretKept)
    return "Fill in the client secret of your app, or clear the client id.";
  return null;
}

export function Registration({
  draft,
  saved,
  disabled,
  onChange,
}: {
  draft: RegistrationDraft;
  saved: SavedRegistration | null;
  disabled: boolean;
  onChange: (draft: RegistrationDraft) => void;
}) {
  const field = (key: keyof RegistrationDraft) => (e: Event) =>
    onChange({ ...draft, [key]: (e.currentTarget as HTMLInputElement).value });
  const secretKept = saved?.hasSecret === true;
  return (
    <details class="advanced">
      <summary>Advanced: your firm's own Exact Online app</summary>
      <p class="hint">
        Only needed when your firm registered its own app in Exact's App Center. Leave the client id
        empty to use Tandem's.
      </p>
      <div class="form-grid">
        <label for="reg-client-id">Client id</label>
        <input
          id="reg-client-id"
          data-testid="registration-client-id"
          type="text"
          autocomplete="off"
          spellcheck={false}
          value={draft.clientId}
          disabled={disabled}
          onInput={field("clientId")}
        />
        <label for="reg-secret">Client secret</label>
        <div>
          <input
            id="reg-secret"
            data-testid="registration-secret"
            type="password"
            autocomplete="new-password"
            value={draft.clientSecret}
            disabled={disabled}
            placeholder={secretKept ? "A secret is saved — leave empty to keep it" : ""}
            aria-describedby={secretKept ? "reg-secret-saved" : undefined}
            onInput={field("clientSecret")}
          />
          {secretKept && (
            <p id="reg-secret-saved" class="hint" data-testid="registration-secret-saved">
              A secret is saved securely on this computer. Type a new one only to replace it.
            </p>
          )}
        </div>
        <label for="reg-redirect">Redirect URI</label>
        <input
          id="reg-redirect"
          data-testid="registration-redirect"
          type="text"
          autocomplete="off"
          spellcheck={false}
          placeholder="http://127.0.0.1:…/"
          value={draft.redirectUri}
          disabled={disabled}
          onInput={field("redirectUri")}
        />
      </div>
    </details>
  );
}
