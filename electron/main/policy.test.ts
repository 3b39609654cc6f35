import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  externalUrl,
  isAppUrl,
  isPermissionAllowed,
  navigationDecision,
} from './policy';

const app = 'http://127.0.0.1:41234';

describe('isAppUrl', () => {
  it('accepts only the exact origin of the running backend', () => {
    expect(isAppUrl('http://127.0.0.1:41234/t/12', app)).toBe(true);
    expect(isAppUrl('http://127.0.0.1:41235/', app)).toBe(false);
    expect(isAppUrl('http://localhost:41234/', app)).toBe(false);
    expect(isAppUrl('https://127.0.0.1:41234/', app)).toBe(false);
    expect(isAppUrl('about:srcdoc', app)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', app)).toBe(false);
  });

  it('refuses everything while the backend has no address or the frame is gone', () => {
    expect(isAppUrl('http://127.0.0.1:41234/', null)).toBe(false);
    expect(isAppUrl(undefined, app)).toBe(false);
    expect(isAppUrl('not a url', app)).toBe(false);
  });
});

describe('externalUrl', () => {
  it('lets https links and mailto addresses go to the OS', () => {
    expect(externalUrl('https://meta.discourse.org/t/123')).toBe('https://meta.discourse.org/t/123');
    expect(externalUrl('mailto:ada@example.com?subject=Hi')).toBe('mailto:ada@example.com?subject=Hi');
    expect(externalUrl('mailto:a@example.com,b@example.com')).toBe('mailto:a@example.com,b@example.com');
  });

  it('refuses schemes that could run or read local things', () => {
    for (const url of [
      'http://example.com/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,<script>1</script>',
      'smb://host/share',
      'vscode://file/x',
      'ms-msdt:/id',
    ]) {
      expect(externalUrl(url), url).toBeNull();
    }
  });

  it('refuses disguised or malformed links', () => {
    expect(externalUrl('https://paypal.com@evil.test/')).toBeNull();
    expect(externalUrl('https://user:pw@example.com/')).toBeNull();
    expect(externalUrl('https://example.com/\nrm -rf')).toBeNull();
    expect(externalUrl(' https://example.com/')).toBeNull();
    expect(externalUrl('https://' + 'a'.repeat(3000) + '.com')).toBeNull();
    expect(externalUrl('mailto:')).toBeNull();
    expect(externalUrl('mailto:not-an-address')).toBeNull();
    expect(externalUrl('')).toBeNull();
  });
});

describe('navigationDecision', () => {
  it('keeps in-app navigation, sends safe links out, drops the rest', () => {
    expect(navigationDecision(`${app}/u/ada`, app)).toEqual({ kind: 'allow' });
    expect(navigationDecision('https://example.com/', app)).toEqual({
      kind: 'open-external',
      url: 'https://example.com/',
    });
    expect(navigationDecision('http://example.com/', app)).toEqual({ kind: 'deny' });
    expect(navigationDecision('file:///home/ada/', app)).toEqual({ kind: 'deny' });
  });
});

describe('isPermissionAllowed', () => {
  it('grants allowlisted permissions to the app only', () => {
    expect(isPermissionAllowed('notifications', `${app}/`, app)).toBe(true);
    expect(isPermissionAllowed('notifications', app, app)).toBe(true); // check handler passes an origin
    expect(isPermissionAllowed('notifications', 'https://evil.test/', app)).toBe(false);
  });

  it('denies everything off the allowlist', () => {
    for (const permission of [
      'media',
      'geolocation',
      'openExternal',
      'hid',
      'usb',
      'serial',
      'display-capture',
    ]) {
      expect(isPermissionAllowed(permission, `${app}/`, app), permission).toBe(false);
    }
  });
});

describe('contentSecurityPolicy', () => {
  it('allows only the app itself to run scripts and be contacted', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });
});
