import { describe, expect, it } from 'vitest';
import { parseListeningLine } from './listening-line';

describe('parseListeningLine', () => {
  it('reads the URL and port the backend prints when it accepts requests', () => {
    expect(parseListeningLine('Foyer forum listening on http://127.0.0.1:41234')).toEqual({
      url: 'http://127.0.0.1:41234',
      port: 41234,
    });
  });

  it('tolerates a trailing slash and surrounding whitespace (CRLF on Windows)', () => {
    expect(parseListeningLine('  Foyer forum listening on http://127.0.0.1:8080/\r')).toEqual({
      url: 'http://127.0.0.1:8080',
      port: 8080,
    });
  });

  it('allows details after the URL', () => {
    expect(parseListeningLine('Foyer forum listening on http://127.0.0.1:4200 (data: /tmp/f)')).toEqual({
      url: 'http://127.0.0.1:4200',
      port: 4200,
    });
    expect(parseListeningLine('Foyer forum listening on http://127.0.0.1:4200x')).toBeNull();
  });

  it('ignores other log lines', () => {
    expect(parseListeningLine('migrating database to version 3')).toBeNull();
    expect(parseListeningLine('listening on http://127.0.0.1:8080')).toBeNull();
  });

  it('refuses a backend that is not on loopback IPv4', () => {
    expect(parseListeningLine('Foyer forum listening on http://0.0.0.0:8080')).toBeNull();
    expect(parseListeningLine('Foyer forum listening on http://evil.test:8080')).toBeNull();
    expect(parseListeningLine('Foyer forum listening on http://127.0.0.1.evil.test:8080')).toBeNull();
    expect(parseListeningLine('Foyer forum listening on https://127.0.0.1:8080')).toBeNull();
  });

  it('refuses impossible ports', () => {
    expect(parseListeningLine('Foyer forum listening on http://127.0.0.1:0')).toBeNull();
    expect(parseListeningLine('Foyer forum listening on http://127.0.0.1:70000')).toBeNull();
  });
});
