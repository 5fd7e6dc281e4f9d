package dev.lectern.rtc;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** The zlib layer of a token. Compression is not canonical across languages, so only decoding is lenient. */
final class TokenCompression {

    /** Decoded content is ~100-300 bytes; the cap stops a small hostile token inflating without bound. */
    private static final int MAX_CONTENT_BYTES = 16 * 1024;

    private TokenCompression() {}

    /** Default level and zlib framing, as java.util.zip and CPython use, so official vectors match byte for byte. */
    static byte[] deflate(byte[] payload) {
        Deflater deflater = new Deflater();
        try {
            deflater.setInput(payload);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length);
            byte[] buffer = new byte[512];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /**
     * Go's compress/zlib ends its stream with a sync-flush block, so Inflater may never report
     * finished(): stop once it yields no more output rather than insisting on the end marker.
     */
    static byte[] inflate(byte[] compressed) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 4);
            byte[] buffer = new byte[512];
            while (!inflater.finished()) {
                int count = inflater.inflate(buffer);
                if (count == 0) {
                    break;
                }
                out.write(buffer, 0, count);
                if (out.size() > MAX_CONTENT_BYTES) {
                    throw new IllegalArgumentException("malformed AccessToken2: content too large");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("malformed AccessToken2: not a zlib stream", e);
        } finally {
            inflater.end();
        }
    }
}
