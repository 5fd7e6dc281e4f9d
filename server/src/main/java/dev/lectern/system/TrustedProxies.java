package dev.lectern.system;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The proxies whose {@code X-Forwarded-For} is believed ({@code LECTERN_TRUSTED_PROXIES}: addresses and CIDR blocks,
 * IPv4 or IPv6, separated by commas or spaces), and the client address derived from it.
 *
 * <p>Each proxy appends the address it saw to the right of {@code X-Forwarded-For}, so the list is read from the
 * right: while the hop is a trusted proxy its claim is believed and the walk goes on; the first untrusted hop is the
 * client. Anything left of it was written by the client and proves nothing. Without trusted proxies (the default)
 * the header is ignored and the TCP peer is the client.
 *
 * <p>Entries are parsed as literals only, never resolved through DNS: a hostile header must not make the server
 * look names up. Shared by the HTTP port and the Socket.IO port, hence no Spring in here.
 */
public final class TrustedProxies {

    /** More hops than any real chain of proxies; a longer header is walked this far from the right only. */
    static final int MAX_HOPS = 32;

    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV4_WITH_PORT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3}):\\d{1,5}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private static final TrustedProxies NONE = new TrustedProxies(List.of());

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /** Nobody's {@code X-Forwarded-For} is believed. */
    public static TrustedProxies none() {
        return NONE;
    }

    /**
     * Parses {@code LECTERN_TRUSTED_PROXIES}; blank means none.
     *
     * @throws IllegalArgumentException naming the first entry that is neither an address nor a CIDR block
     */
    public static TrustedProxies parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        List<Block> blocks = new ArrayList<>();
        for (String entry : spec.trim().split("[,\\s]+")) {
            if (!entry.isEmpty()) {
                blocks.add(Block.parse(entry));
            }
        }
        return new TrustedProxies(blocks);
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    public boolean isTrusted(InetAddress address) {
        for (Block block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client's address: the peer itself, or, when the peer is a trusted proxy, the last (rightmost) untrusted
     * {@code X-Forwarded-For} hop. When every hop is trusted, the leftmost is the client; an entry that is not an
     * address literal ("unknown", an obfuscated name) ends the walk at the hop right of it, the last one that can be
     * named.
     *
     * @param xForwardedForHeaderValues every {@code X-Forwarded-For} header value in the order received (may be empty)
     */
    public InetAddress clientAddress(InetAddress peer, List<String> xForwardedForHeaderValues) {
        if (blocks.isEmpty() || !isTrusted(peer) || xForwardedForHeaderValues == null) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String value : xForwardedForHeaderValues) {
            if (value != null) {
                for (String hop : value.split(",")) {
                    hops.add(hop.trim());
                }
            }
        }
        InetAddress client = peer;
        int walked = 0;
        for (int i = hops.size() - 1; i >= 0 && walked < MAX_HOPS; i--, walked++) {
            InetAddress hop = literal(hops.get(i));
            if (hop == null) {
                return client;
            }
            client = hop;
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    /**
     * An IPv4 or IPv6 literal as proxies write them (optionally with a port, IPv6 optionally in brackets), or null.
     * The patterns run first because {@link InetAddress#getByName} would fall back on DNS for anything else.
     */
    static InetAddress literal(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return null;
        }
        String host = text;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0
                    || (close != host.length() - 1 && !host.substring(close + 1).matches(":\\d{1,5}"))) {
                return null;
            }
            host = host.substring(1, close);
        } else {
            var withPort = IPV4_WITH_PORT.matcher(host);
            if (withPort.matches()) {
                host = withPort.group(1);
            }
        }
        int zone = host.indexOf('%');
        if (zone >= 0) {
            host = host.substring(0, zone);
        }
        boolean v4 = IPV4.matcher(host).matches();
        boolean v6 = !v4 && host.indexOf(':') >= 0 && IPV6.matcher(host).matches();
        if (!v4 && !v6) {
            return null;
        }
        try {
            // A literal that passed the patterns: parsed locally, no lookup.
            return InetAddress.getByName(host);
        } catch (UnknownHostException invalid) {
            return null;
        }
    }

    @Override
    public String toString() {
        return blocks.toString();
    }

    /** One address ({@code prefix} = all bits) or CIDR block. */
    @SuppressWarnings("ArrayRecordComponent") // never compared or hashed; read only by contains()
    private record Block(byte[] network, int prefix, String text) {

        static Block parse(String entry) {
            int slash = entry.indexOf('/');
            String host = slash < 0 ? entry : entry.substring(0, slash);
            boolean plain =
                    !host.startsWith("[") && !IPV4_WITH_PORT.matcher(host).matches();
            InetAddress address = plain ? literal(host) : null;
            if (address == null) {
                throw new IllegalArgumentException("not an IP address or CIDR block: '" + entry + "'");
            }
            int bits = address.getAddress().length * 8;
            int prefix = bits;
            if (slash >= 0) {
                String length = entry.substring(slash + 1);
                if (!length.matches("\\d{1,3}") || Integer.parseInt(length) > bits) {
                    throw new IllegalArgumentException("bad prefix length in '" + entry + "' (0.." + bits + ")");
                }
                prefix = Integer.parseInt(length);
            }
            return new Block(address.getAddress(), prefix, entry);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (candidate[full] & mask) == (network[full] & mask);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
