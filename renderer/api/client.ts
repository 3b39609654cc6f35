// The app's one HTTP client instance, created once at start (inside the desktop app it needs
// the bridge's backend address and launch token first).
import type { AxiosInstance } from 'axios';
import { createHttpClient } from './http';

let instance: AxiosInstance | undefined;
let pending: Promise<AxiosInstance> | undefined;

export function connect(): Promise<AxiosInstance> {
  pending ??= createHttpClient().then((http) => (instance = http));
  return pending;
}

/** The client; connect() must have finished (the shell waits for it before rendering the app). */
export function http(): AxiosInstance {
  if (!instance) throw new Error('The HTTP client is not connected yet; await connect() first.');
  return instance;
}

/** For tests and for a second account: use this client from now on. */
export function setHttpClient(client: AxiosInstance): void {
  instance = client;
  pending = Promise.resolve(client);
}
