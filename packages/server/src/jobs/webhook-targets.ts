import { BlockList, isIP } from "node:net";

/**
 * Which hosts a channel may post to. Webhook, Slack and Teams URLs are typed in by managers, so
 * without a check a channel (or its test send) reaches this server's own ports, the office LAN
 * or a cloud metadata service. Pure: no DNS here; the sender resolves and checks every address
 * (deliveries.ts), and creation checks what the URL itself says.
 */
export type TargetRefusal =
  | "not_https"
  | "invalid_url"
  | "local_name"
  | "loopback"
  | "private"
  | "link_local"
  | "unspecified"
  | "multicast"
  | "metadata"
  | "reserved";

export interface TargetPolicy {
  /** `TASUKI_ALLOW_PRIVATE_WEBHOOK_TARGETS`: http and any address (tests, on-premise receivers). */
  allowPrivate: boolean;
}

type Range = [network: string, prefix: number];

/** Checked in this order, so a metadata address is named as such rather than as link-local. */
const IPV4: [Exclude<TargetRefusal, "not_https" | "invalid_url" | "local_name">, Range[]][] = [
  [
    "metadata",
    [
      ["169.254.169.254", 32], // AWS, GCP, Azure, OpenStack instance metadata
      ["169.254.170.2", 32], // AWS ECS task metadata
      ["168.63.129.16", 32], // Azure WireServer (a public-looking address)
      ["100.100.100.200", 32], // Alibaba Cloud metadata
    ],
  ],
  ["unspecified", [["0.0.0.0", 8]]],
  ["loopback", [["127.0.0.0", 8]]],
  [
    "private",
    [
      ["10.0.0.0", 8],
      ["172.16.0.0", 12],
      ["192.168.0.0", 16],
      ["100.64.0.0", 10], // carrier-grade NAT (shared address space)
    ],
  ],
  ["link_local", [["169.254.0.0", 16]]],
  ["multicast", [["224.0.0.0", 4]]],
  [
    "reserved",
    [
      ["192.0.0.0", 24], // IETF protocol assignments
      ["192.0.2.0", 24], // documentation
      ["198.51.100.0", 24],
      ["203.0.113.0", 24],
      ["198.18.0.0", 15], // benchmarking
      ["240.0.0.0", 4], // reserved, and 255.255.255.255 broadcast
    ],
  ],
];

const IPV6: [Exclude<TargetRefusal, "not_https" | "invalid_url" | "local_name">, Range[]][] = [
  ["metadata", [["fd00:ec2::254", 128]]], // AWS instance metadata over IPv6
  ["unspecified", [["::", 128]]],
  ["loopback", [["::1", 128]]],
  [
    "private",
    [
      ["fc00::", 7], // unique local
      ["fec0::", 10], // site-local (deprecated)
    ],
  ],
  ["link_local", [["fe80::", 10]]],
  ["multicast", [["ff00::", 8]]],
  [
    "reserved",
    [
      ["100::", 64], // discard
      ["2001:db8::", 32], // documentation
      ["2001::", 32], // Teredo: tunnels to any IPv4 address
      ["64:ff9b:1::", 48], // local-use NAT64
    ],
  ],
];

function blockLists(table: typeof IPV4, type: "ipv4" | "ipv6") {
  return table.map(([reason, ranges]) => {
    const list = new BlockList();
    for (const [network, prefix] of ranges) list.addSubnet(network, prefix, type);
    return { reason, list };
  });
}
const V4_LISTS = blockLists(IPV4, "ipv4");
const V6_LISTS = blockLists(IPV6, "ipv6");

/** The eight 16-bit groups of an IPv6 address (a trailing dotted quad included), or null. */
function ipv6Groups(address: string): number[] | null {
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  const text = quad
    ? (() => {
        const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
        return `${address.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
      })()
    : address;
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string | undefined) =>
    part ? part.split(":").map((g) => Number.parseInt(g, 16)) : [];
  const left = parse(halves[0]);
  const right = parse(halves[1]);
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const groups = [...left, ...new Array<number>(missing).fill(0), ...right];
  return groups.some((g) => Number.isNaN(g) || g > 0xffff) ? null : groups;
}

/** The IPv4 address an IPv6 one carries (mapped, compatible, NAT64, 6to4), if it carries one. */
function embeddedIpv4(groups: number[]): string | null {
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  const zeros = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  if (zeros(0, 5) && groups[5] === 0xffff) return v4(groups[6]!, groups[7]!); // ::ffff:a.b.c.d
  if (zeros(0, 6) && (groups[6] !== 0 || groups[7]! > 1)) return v4(groups[6]!, groups[7]!); // ::a.b.c.d
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6)) return v4(groups[6]!, groups[7]!);
  if (groups[0] === 0x2002) return v4(groups[1]!, groups[2]!); // 6to4
  return null;
}

/** Why an IP address may not be posted to, or null for a public address. */
export function refuseAddress(address: string): TargetRefusal | null {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const family = isIP(bare);
  if (family === 4) return V4_LISTS.find(({ list }) => list.check(bare, "ipv4"))?.reason ?? null;
  if (family !== 6) return "invalid_url";
  const groups = ipv6Groups(bare.toLowerCase());
  if (!groups) return "invalid_url";
  const v4 = embeddedIpv4(groups);
  if (v4) return refuseAddress(v4);
  const canonical = groups.map((g) => g.toString(16)).join(":");
  return V6_LISTS.find(({ list }) => list.check(canonical, "ipv6"))?.reason ?? null;
}

/**
 * Why a channel URL may not be used, or null. The WHATWG parser has already turned decimal,
 * octal and hex IPv4 spellings (`http://2130706433/`, `http://0x7f.1/`) into dotted quads.
 * Names are only refused when they cannot be public (`localhost`, single labels, `.internal`);
 * what a public name resolves to is checked when sending.
 */
export function refuseTargetUrl(url: string | URL, policy: TargetPolicy): TargetRefusal | null {
  let parsed: URL;
  try {
    parsed = typeof url === "string" ? new URL(url) : url;
  } catch {
    return "invalid_url";
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return "invalid_url";
  if (policy.allowPrivate) return null;
  if (parsed.protocol !== "https:") return "not_https";
  const host = parsed.hostname.toLowerCase().replace(/\.$/, "");
  if (!host) return "invalid_url";
  if (isIP(host.replace(/^\[|\]$/g, ""))) return refuseAddress(host);
  if (host === "localhost" || host.endsWith(".localhost")) return "loopback";
  if (!host.includes(".") || /\.(internal|local|localdomain|home\.arpa)$/.test(host)) return "local_name";
  return null;
}

/** What each refusal says, in both languages: shown in the API error and the delivery log. */
export const TARGET_REFUSAL_TEXT: Record<TargetRefusal, string> = {
  not_https: "https:// の URL を指定してください / use an https:// URL",
  invalid_url: "URL の形式が正しくありません / the URL is not valid",
  local_name:
    "社内向けのホスト名は指定できません。インターネット上の名前を指定してください / internal host names are not allowed; use a public host name",
  loopback:
    "このサーバー自身（ループバック）には送れません / loopback addresses (this server) are not allowed",
  private:
    "社内ネットワークのアドレスには送れません / private network addresses (10.x, 172.16–31.x, 192.168.x, 100.64/10, fc00::/7) are not allowed",
  link_local:
    "リンクローカルアドレスには送れません / link-local addresses (169.254.x, fe80::) are not allowed",
  unspecified: "0.0.0.0 や :: には送れません / unspecified addresses (0.0.0.0, ::) are not allowed",
  multicast: "マルチキャストアドレスには送れません / multicast addresses are not allowed",
  metadata:
    "クラウドのメタデータサービスには送れません / cloud metadata addresses (169.254.169.254 …) are not allowed",
  reserved: "予約済みのアドレスには送れません / reserved addresses are not allowed",
};

/** Thrown by the sender when a name resolves to a refused address (or the URL is refused). */
export class TargetRefusedError extends Error {
  override name = "TargetRefusedError";
  constructor(
    readonly reason: TargetRefusal,
    readonly host: string,
  ) {
    super(`${host}: ${TARGET_REFUSAL_TEXT[reason]}`);
  }
}
