// The backend CLI announces readiness with exactly one stdout line (backend contract):
//   Foyer forum listening on http://127.0.0.1:<port>
// optionally followed by a space and details such as "(data: /path)". The supervisor,
// `npm start` and the e2e fixture all wait for it; parsing it in one place keeps them in
// step. Only loopback IPv4 is accepted: the desktop app must never be pointed at a backend
// that listens anywhere else.
const listeningLine = /^Foyer forum listening on (http:\/\/127\.0\.0\.1:(\d{1,5}))\/?(?:\s.*)?$/;

export interface ListeningAddress {
  /** Origin without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
}

export function parseListeningLine(line: string): ListeningAddress | null {
  const match = listeningLine.exec(line.trim());
  if (!match?.[1] || !match[2]) return null;
  const port = Number(match[2]);
  if (port < 1 || port > 65535) return null;
  return { url: match[1], port };
}
