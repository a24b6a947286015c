import { render } from "preact";
import { App } from "./App";
import { tauriBackend } from "./ipc";
import "./styles.css";

const root = document.getElementById("app");
if (root) render(<App backend={tauriBackend} />, root);
