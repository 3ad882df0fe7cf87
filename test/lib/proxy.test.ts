import { describe, expect, it } from 'vitest';
import { ProxySettingError, proxyFor } from '../../src/lib/proxy.js';

/** The proxy rule (src/lib/proxy.ts): which variable applies, NO_PROXY, loopback. */
const via = (url: string, env: NodeJS.ProcessEnv) => proxyFor(new URL(url), env)?.where;
const PROXY = { HTTPS_PROXY: 'http://proxy.corp:3128', HTTP_PROXY: 'http://plain.corp:8080' };

describe('proxyFor', () => {
  it('takes the variable of the target scheme, lower case first; an empty value is unset', () => {
    expect(via('https://stint.example.com/', PROXY)).toBe('proxy.corp:3128');
    expect(via('http://stint.example.com/', PROXY)).toBe('plain.corp:8080');
    expect(via('https://a.example/', { ...PROXY, https_proxy: 'http://lower.corp:1' })).toBe('lower.corp:1');
    expect(via('https://a.example/', { ...PROXY, https_proxy: '' })).toBe('proxy.corp:3128');
    expect(via('https://a.example/', { HTTP_PROXY: 'http://plain.corp:8080' })).toBeUndefined();
    expect(proxyFor(new URL('https://a.example/'), { https_proxy: 'http://l:1' })?.variable).toBe('https_proxy');
  });

  it('reads a proxy without a scheme as http://, with the default port of its scheme', () => {
    expect(via('https://a.example/', { HTTPS_PROXY: 'proxy.corp:3128' })).toBe('proxy.corp:3128');
    expect(via('https://a.example/', { HTTPS_PROXY: 'http://proxy.corp' })).toBe('proxy.corp:80');
    expect(via('https://a.example/', { HTTPS_PROXY: 'https://proxy.corp' })).toBe('proxy.corp:443');
    expect(via('https://a.example/', { HTTPS_PROXY: 'http://[fd00::3]:3128' })).toBe('[fd00::3]:3128');
  });

  it('turns credentials into Basic, and never names them in where', () => {
    const route = proxyFor(new URL('https://a.example/'), { HTTPS_PROXY: 'http://ci%40corp:p%3Ass@proxy.corp:3128' });
    expect(route?.authorization).toBe(`Basic ${Buffer.from('ci@corp:p:ss').toString('base64')}`);
    expect(route?.where).toBe('proxy.corp:3128');
  });

  it('refuses a proxy it cannot use without repeating the value', () => {
    const use = (value: string) => () => proxyFor(new URL('https://a.example/'), { HTTPS_PROXY: value });
    expect(use('socks5://u:secret-pw@proxy.corp:1080')).toThrow(ProxySettingError);
    expect(use('socks5://u:secret-pw@proxy.corp:1080')).toThrow(
      'HTTPS_PROXY names a socks5 proxy; stint talks to http:// and https:// proxies only',
    );
    expect(use('http://u:secret-pw@:1')).toThrow('HTTPS_PROXY is not a proxy URL; set it to http://host:port');
  });

  it('never proxies this machine: localhost, 127.0.0.0/8, ::1', () => {
    for (const url of ['https://localhost:8443/', 'https://127.0.0.1/', 'https://127.3.2.1:9/', 'https://[::1]:8443/'])
      expect(via(url, PROXY), url).toBeUndefined();
    expect(via('https://127.example.com/', PROXY)).toBe('proxy.corp:3128');
  });

  it.each([
    ['*', 'https://anything.example/', true],
    ['example.com', 'https://example.com/', true],
    ['example.com', 'https://api.example.com/', true],
    ['example.com', 'https://notexample.com/', false],
    ['.example.com', 'https://api.example.com/', true],
    ['.example.com', 'https://example.com/', false],
    ['*.example.com', 'https://api.example.com/', true],
    ['EXAMPLE.com', 'https://Api.Example.COM./', true],
    ['example.com:8443', 'https://example.com:8443/', true],
    ['example.com:8443', 'https://example.com/', false],
    ['example.com:443', 'https://example.com/', true],
    ['192.0.2.7', 'https://192.0.2.7:8443/', true],
    ['192.0.2.7', 'https://192.0.2.8/', false],
    ['198.51.0.0/16', 'https://198.51.100.7/', true],
    ['198.51.0.0/16', 'https://198.52.100.7/', false],
    ['198.51.0.0/16', 'https://ten.example/', false],
    ['fd00::/8', 'https://[fd12::1]/', true],
    ['[2001:db8::7]', 'https://[2001:db8::7]/', true],
    ['[2001:db8::7]:443', 'https://[2001:db8::7]/', true],
    [' other.example , example.com ', 'https://example.com/', true],
    ['other.example', 'https://example.com/', false],
  ])('NO_PROXY=%j for %s: direct %s', (list, url, direct) => {
    expect(via(url, { ...PROXY, NO_PROXY: list }) === undefined).toBe(direct);
    expect(via(url, { ...PROXY, no_proxy: list }) === undefined).toBe(direct);
  });
});
