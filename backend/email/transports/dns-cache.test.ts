import { describe, expect, it } from 'vitest';
import { cachingResolver } from './dns-cache';

function countingDns(answer: (domain: string) => string[][] | Error) {
  const asked: string[] = [];
  const resolver = async (domain: string, rrtype: string) => {
    asked.push(`${rrtype} ${domain}`);
    const a = answer(domain);
    if (a instanceof Error) throw a;
    return a;
  };
  return { asked, resolver };
}

const code = (c: string) => Object.assign(new Error(c), { code: c });

describe('DNS cache for sender verification', () => {
  it('asks once for answers and for "no such name", shared by concurrent lookups', async () => {
    const dns = countingDns((d) => (d === '_dmarc.corp.test' ? [['v=DMARC1; p=reject']] : code('ENOTFOUND')));
    const cached = cachingResolver(dns.resolver);
    await Promise.all([cached('_dmarc.corp.test', 'TXT'), cached('_DMARC.corp.test', 'TXT')]);
    await expect(cached('_dmarc.corp.test', 'TXT')).resolves.toEqual([['v=DMARC1; p=reject']]);
    await expect(cached('example.org', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(cached('example.org', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    expect(dns.asked).toEqual(['TXT _dmarc.corp.test', 'TXT example.org']);
  });

  it('asks again after a temporary failure and after the time to live', async () => {
    let fail = true;
    const dns = countingDns(() => (fail ? code('ETIMEOUT') : [['v=spf1 -all']]));
    const cached = cachingResolver(dns.resolver, { ttlMs: 20 });
    await expect(cached('corp.test', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    fail = false;
    await expect(cached('corp.test', 'TXT')).resolves.toEqual([['v=spf1 -all']]);
    await cached('corp.test', 'TXT');
    expect(dns.asked).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 30));
    await cached('corp.test', 'TXT');
    expect(dns.asked).toHaveLength(3);
  });
});
