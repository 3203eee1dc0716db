import { describe, expect, it } from "vitest";
import { refuseAddress, refuseTargetUrl, type TargetRefusal } from "./webhook-targets.ts";

const ADDRESSES: [string, TargetRefusal | null][] = [
  ["93.184.215.14", null],
  ["8.8.8.8", null],
  ["172.32.0.1", null],
  ["100.128.0.1", null],
  ["2606:4700:4700::1111", null],
  ["127.0.0.1", "loopback"],
  ["127.255.255.254", "loopback"],
  ["::1", "loopback"],
  ["0.0.0.0", "unspecified"],
  ["::", "unspecified"],
  ["10.1.2.3", "private"],
  ["172.16.0.1", "private"],
  ["172.31.255.255", "private"],
  ["192.168.1.1", "private"],
  ["100.64.0.1", "private"],
  ["fc00::1", "private"],
  ["fd12:3456::1", "private"],
  ["169.254.1.1", "link_local"],
  ["fe80::1", "link_local"],
  ["fe80::1%eth0", "link_local"],
  ["169.254.169.254", "metadata"],
  ["168.63.129.16", "metadata"],
  ["100.100.100.200", "metadata"],
  ["fd00:ec2::254", "metadata"],
  ["224.0.0.1", "multicast"],
  ["ff02::1", "multicast"],
  ["255.255.255.255", "reserved"],
  ["192.0.2.1", "reserved"],
  ["2001:db8::1", "reserved"],
  // IPv4 inside IPv6: mapped, compatible, NAT64 and 6to4 forms of the addresses above
  ["::ffff:127.0.0.1", "loopback"],
  ["::ffff:7f00:1", "loopback"],
  ["::ffff:a9fe:a9fe", "metadata"],
  ["::ffff:10.0.0.1", "private"],
  ["::127.0.0.1", "loopback"],
  ["64:ff9b::a9fe:a9fe", "metadata"],
  ["2002:7f00:1::", "loopback"],
  ["2002:c0a8:101::1", "private"],
  ["::ffff:93.184.215.14", null],
  ["not-an-address", "invalid_url"],
];

const URLS: [string, TargetRefusal | null][] = [
  ["https://hooks.slack.com/services/T000/B000/xyz", null],
  ["https://example.co.jp:8443/hook", null],
  ["http://hooks.example.com/hook", "not_https"],
  ["ftp://example.com/", "invalid_url"],
  ["https://127.0.0.1:5432/", "loopback"],
  ["https://localhost/hook", "loopback"],
  ["https://api.localhost/hook", "loopback"],
  ["https://LOCALHOST./hook", "loopback"],
  ["https://[::1]/", "loopback"],
  ["https://[::ffff:127.0.0.1]/", "loopback"],
  ["https://[::ffff:169.254.169.254]/latest/meta-data", "metadata"],
  ["https://169.254.169.254/latest/meta-data", "metadata"],
  ["https://10.0.0.5/", "private"],
  // decimal, octal, hex and short IPv4 spellings
  ["https://2130706433/", "loopback"],
  ["https://0x7f000001/", "loopback"],
  ["https://0177.0.0.1/", "loopback"],
  ["https://0x7f.1/", "loopback"],
  ["https://127.1/", "loopback"],
  ["https://2852039166/", "metadata"],
  ["https://0xa9.0xfe.0xa9.0xfe/", "metadata"],
  ["https://012.0.0.1/", "private"],
  ["https://0/", "unspecified"],
  ["https://[fe80::1]/", "link_local"],
  ["https://intranet/hook", "local_name"],
  ["https://metadata.google.internal/computeMetadata/v1/", "local_name"],
  ["https://printer.local/", "local_name"],
  ["not a url", "invalid_url"],
];

describe("webhook target addresses", () => {
  it.each(ADDRESSES)("%s → %s", (address, expected) => {
    expect(refuseAddress(address)).toBe(expected);
  });
});

describe("webhook target URLs (private targets not allowed)", () => {
  it.each(URLS)("%s → %s", (url, expected) => {
    expect(refuseTargetUrl(url, { allowPrivate: false })).toBe(expected);
  });
});

describe("webhook target URLs with TASUKI_ALLOW_PRIVATE_WEBHOOK_TARGETS", () => {
  it.each(["http://127.0.0.1:4000/hook", "https://10.0.0.5/", "http://intranet/hook"])("allows %s", (url) => {
    expect(refuseTargetUrl(url, { allowPrivate: true })).toBeNull();
  });
  it("still refuses what is not an http(s) URL", () => {
    expect(refuseTargetUrl("file:///etc/passwd", { allowPrivate: true })).toBe("invalid_url");
  });
});
