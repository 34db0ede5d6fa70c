// Types of heymilo-ingest/sandbox-server (Node only).
import type { Sandbox, SandboxOptions } from "./index.js";

/** Options of serveSandbox: the sandbox's options plus where to listen. */
export interface ServeSandboxOptions extends SandboxOptions {
  /** Port on 127.0.0.1 (default 0: any free port). */
  port?: number;
  /** Host to bind; keep the default 127.0.0.1. */
  host?: string;
}

/** A running sandbox HTTP server. */
export interface ServedSandbox {
  /** Its base URL, e.g. `http://127.0.0.1:4010`; use it as `baseUrl`. */
  readonly url: string;
  /** The sandbox behind it: read its store, plan faults. */
  readonly sandbox: Sandbox;
  /** Stops the server and closes open connections. */
  close(): Promise<void>;
}

/** Serves a sandbox over real HTTP. A `drop` fault destroys the socket. */
export function serveSandbox(options?: ServeSandboxOptions): Promise<ServedSandbox>;
