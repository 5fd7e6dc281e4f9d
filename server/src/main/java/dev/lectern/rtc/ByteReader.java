package dev.lectern.rtc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** Reads what {@link ByteWriter} writes; every overrun is a malformed token, never an index exception. */
final class ByteReader {

    private final byte[] data;
    private int position;

    ByteReader(byte[] data) {
        this.data = data;
    }

    int u16() {
        require(2, "u16");
        int value = (data[position] & 0xFF) | (data[position + 1] & 0xFF) << 8;
        position += 2;
        return value;
    }

    long u32() {
        require(4, "u32");
        long value = 0;
        for (int i = 3; i >= 0; i--) {
            value = value << 8 | (data[position + i] & 0xFF);
        }
        position += 4;
        return value;
    }

    byte[] bytes() {
        int length = u16();
        require(length, "a " + length + "-byte string");
        byte[] value = Arrays.copyOfRange(data, position, position + length);
        position += length;
        return value;
    }

    String string() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    SortedMap<Integer, Long> privileges() {
        int count = u16();
        SortedMap<Integer, Long> privileges = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            privileges.put(u16(), u32());
        }
        return Collections.unmodifiableSortedMap(privileges);
    }

    byte[] rest() {
        byte[] value = Arrays.copyOfRange(data, position, data.length);
        position = data.length;
        return value;
    }

    int remaining() {
        return data.length - position;
    }

    private void require(int count, String what) {
        if (data.length - position < count) {
            throw new IllegalArgumentException(
                    "malformed AccessToken2: truncated at byte " + position + " while reading " + what);
        }
    }
}
