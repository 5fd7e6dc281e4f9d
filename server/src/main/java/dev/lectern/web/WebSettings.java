package dev.lectern.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param socketUrl public base URL of the Socket.IO server ({@code LECTERN_PUBLIC_SOCKET_URL}), for
 *     a reverse proxy in front of it; blank = the page's own host on the Socket.IO port
 */
@ConfigurationProperties("lectern.web")
record WebSettings(String socketUrl) {

    WebSettings {
        socketUrl = socketUrl == null || socketUrl.isBlank() ? null : socketUrl.strip();
    }
}
