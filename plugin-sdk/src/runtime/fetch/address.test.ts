import { describe, expect, it } from 'vitest';
import { embeddedIPv4, hostAllowed, isPrivateAddress, privateAllowMatcher } from './address.ts';

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1', '127.9.9.9', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '0.0.0.0',
    '100.64.0.1', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fc00::1', 'fd00:ec2::254', '::ffff:127.0.0.1',
    '::ffff:7f00:1', '::ffff:169.254.169.254', '64:ff9b::a00:1', '2002:7f00:1::', '::127.0.0.1', '[::1]', 'fe80::1%eth0',
    'not-an-ip',
  ])('%s is private', (ip) => expect(isPrivateAddress(ip)).toBe(true));

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])('%s is public', (ip) => {
    expect(isPrivateAddress(ip)).toBe(false);
  });

  it('extracts IPv4 embedded in IPv6 forms', () => {
    expect(embeddedIPv4('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(embeddedIPv4('2002:a9fe:a9fe::1')).toBe('169.254.169.254');
    expect(embeddedIPv4('2606:4700::1111')).toBeNull();
  });
});

describe('privateAllowMatcher', () => {
  it('matches addresses and CIDRs, including the IPv4-mapped form', () => {
    const allow = privateAllowMatcher(['127.0.0.1', '10.0.0.0/8']);
    expect(allow('127.0.0.1')).toBe(true);
    expect(allow('::ffff:127.0.0.1')).toBe(true);
    expect(allow('10.200.0.1')).toBe(true);
    expect(allow('127.0.0.2')).toBe(false);
    expect(allow('169.254.169.254')).toBe(false);
    expect(privateAllowMatcher([])('127.0.0.1')).toBe(false);
    expect(privateAllowMatcher(['*'])('169.254.169.254')).toBe(true);
    expect(() => privateAllowMatcher(['localhost'])).toThrow('not an IP address');
  });
});

describe('hostAllowed', () => {
  it('matches exact hosts and *.domain subdomains only', () => {
    const list = ['api.example.com', '*.example.org'];
    expect(hostAllowed('api.example.com', list)).toBe(true);
    expect(hostAllowed('API.Example.com.', list)).toBe(true);
    expect(hostAllowed('x.api.example.com', list)).toBe(false);
    expect(hostAllowed('a.example.org', list)).toBe(true);
    expect(hostAllowed('a.b.example.org', list)).toBe(true);
    expect(hostAllowed('example.org', list)).toBe(false);
    expect(hostAllowed('evilexample.org', list)).toBe(false);
  });
});
