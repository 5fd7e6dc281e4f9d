package dev.lectern.rtc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;

/** Agora's wire encoding: little-endian integers, length-prefixed byte strings, key-sorted maps. */
final class ByteWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    ByteWriter u16(int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("value " + value + " does not fit an unsigned 16-bit field");
        }
        out.write(value);
        out.write(value >>> 8);
        return this;
    }

    /** Takes a long so that values up to 2^32-1 pass unsigned; an int salt is passed through as its bit pattern. */
    ByteWriter u32(long value) {
        if (value < Integer.MIN_VALUE || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("value " + value + " does not fit a 32-bit field");
        }
        for (int shift = 0; shift < 32; shift += 8) {
            out.write((int) (value >>> shift));
        }
        return this;
    }

    ByteWriter bytes(byte[] value) {
        u16(value.length);
        out.writeBytes(value);
        return this;
    }

    /** Unprefixed, for content that is already encoded. */
    ByteWriter raw(byte[] value) {
        out.writeBytes(value);
        return this;
    }

    /** UTF-8 explicitly: the official Java builder uses the platform charset, which only agrees for ASCII. */
    ByteWriter string(String value) {
        return bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    ByteWriter privileges(SortedMap<Integer, Long> privileges) {
        u16(privileges.size());
        for (Map.Entry<Integer, Long> entry : privileges.entrySet()) {
            u16(entry.getKey());
            u32(entry.getValue());
        }
        return this;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    static byte[] u32le(long value) {
        return new ByteWriter().u32(value).toByteArray();
    }
}
