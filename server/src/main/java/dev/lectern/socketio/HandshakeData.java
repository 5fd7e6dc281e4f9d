package dev.lectern.socketio;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Map;

/**
 * The Engine.IO handshake request as the namespaces see it at CONNECT. Only the headers that
 * authentication and logs need are kept, so an idle socket does not hold a whole request's headers.
 */
public final class HandshakeData {

    private static final List<CharSequence> KEPT = List.of(
            HttpHeaderNames.COOKIE, HttpHeaderNames.AUTHORIZATION, HttpHeaderNames.ORIGIN, HttpHeaderNames.USER_AGENT);

    private final HttpHeaders headers;
    private final String address;
    private final Map<String, List<String>> query;

    HandshakeData(HttpHeaders request, String address, Map<String, List<String>> query) {
        this.headers = new DefaultHttpHeaders();
        for (CharSequence name : KEPT) {
            String value = request.get(name);
            if (value != null) {
                headers.set(name, value);
            }
        }
        this.address = address;
        this.query = Map.copyOf(query);
    }

    /** Cookie, Authorization, Origin and User-Agent of the handshake request. */
    public HttpHeaders getHttpHeaders() {
        return headers;
    }

    /** The client's address: the TCP peer, or what a trusted proxy forwarded. */
    public String getAddress() {
        return address;
    }

    public Map<String, List<String>> getUrlParams() {
        return query;
    }
}
