// What the Connect view says when logging in fails, chosen by the error's kind.
// Written for accountants: what happened and what to do next, no jargon.
import { errorKind, errorText } from "../../commandError";

export interface LoginProblem {
  title: string;
  advice: string;
  /** The engine's own words, for the kinds where they help. */
  detail?: string;
}

export function loginProblem(error: unknown): LoginProblem {
  switch (errorKind(error)) {
    case "loginDenied":
      return {
        title: "Exact Online did not give Tandem access.",
        advice:
          "Access was refused on Exact Online's page. Log in again and choose “Allow” to let Tandem read your companies.",
      };
    case "loginTimeout":
      return {
        title: "The login was not finished in time.",
        advice:
          "Tandem waited for your browser but heard nothing back. Please log in again and finish the steps in the browser within a few minutes.",
      };
    case "loginRequired":
      return {
        title: "Your Exact Online session has expired.",
        advice: "For your security sessions end after a while. Please log in again.",
      };
    case "cancelled":
      return {
        title: "The login was stopped.",
        advice: "Nothing was changed. Log in again when you are ready.",
      };
    case "notConnected":
      return {
        title: "Tandem is not connected.",
        advice: "Log in to Exact Online, or try Tandem with demo data.",
      };
    case "io":
      return {
        title: "Tandem could not reach Exact Online.",
        advice: "Check your internet connection and try again.",
        detail: errorText(error),
      };
    default:
      return {
        title: "Something went wrong while connecting.",
        advice: "Please try again. If it keeps happening, send this message to your IT contact.",
        detail: errorText(error),
      };
  }
}
