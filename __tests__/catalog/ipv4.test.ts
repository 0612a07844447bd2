import { cidr, cidrsOverlap, findOverlaps, formatIpv4, isHostAddress, netmask, parseCidr, parseIpv4 } from '../../constructs/catalog/ipv4';

describe('ipv4', () => {
  test('parses and formats addresses', () => {
    expect(parseIpv4('10.33.0.1')).toBe(0x0a210001);
    expect(formatIpv4(0x0a210001)).toBe('10.33.0.1');
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffff);
    for (const bad of ['10.33.0', '10.33.0.256', '10.33.0.01', '10.33.0.1.2', 'a.b.c.d', '']) expect(parseIpv4(bad)).toBeUndefined();
  });

  test('parses CIDRs and refuses host bits with the network address as suggestion', () => {
    expect(parseCidr('10.33.0.0/24')).toEqual({ network: 0x0a210000, prefix: 24, size: 256, last: 0x0a2100ff });
    expect(parseCidr('10.33.0.5/24')).toEqual({ reason: 'host-bits', suggestion: '10.33.0.0/24' });
    expect(parseCidr('10.33.0.0/33')).toEqual({ reason: 'syntax' });
    expect(parseCidr('10.33.0.0')).toEqual({ reason: 'syntax' });
    expect(parseCidr('0.0.0.0/0')).toMatchObject({ network: 0, size: 2 ** 32 });
  });

  test('host addresses exclude network and broadcast, except in /31 and /32', () => {
    const block = cidr('10.33.3.0/24');
    expect(isHostAddress(block, parseIpv4('10.33.3.0') as number)).toBe(false);
    expect(isHostAddress(block, parseIpv4('10.33.3.255') as number)).toBe(false);
    expect(isHostAddress(block, parseIpv4('10.33.3.1') as number)).toBe(true);
    expect(isHostAddress(cidr('10.0.0.0/31'), parseIpv4('10.0.0.0') as number)).toBe(true);
  });

  test('netmasks', () => {
    expect(netmask(24)).toBe('255.255.255.0');
    expect(netmask(26)).toBe('255.255.255.192');
    expect(netmask(0)).toBe('0.0.0.0');
    expect(netmask(32)).toBe('255.255.255.255');
  });

  test('finds every overlapping pair, and only those', () => {
    const blocks = ['10.0.0.0/24', '10.0.1.0/24', '10.0.0.128/25', '10.0.0.0/16', '192.168.0.0/24'].map((text) => ({ block: cidr(text), label: text }));
    const pairs = findOverlaps(blocks).map(([a, b]) => `${a.label} ~ ${b.label}`);
    expect(pairs).toEqual(['10.0.0.0/24 ~ 10.0.0.128/25', '10.0.0.0/24 ~ 10.0.0.0/16', '10.0.1.0/24 ~ 10.0.0.0/16', '10.0.0.128/25 ~ 10.0.0.0/16']);
    // Brute force agrees.
    const brute: string[] = [];
    blocks.forEach((a, i) => blocks.slice(i + 1).forEach((b) => cidrsOverlap(a.block, b.block) && brute.push(`${a.label} ~ ${b.label}`)));
    expect(pairs.sort()).toEqual(brute.sort());
  });
});
