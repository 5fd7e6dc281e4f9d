package dev.lectern.recording;

import dev.lectern.system.LecternException.Unauthorized;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Agora's NCS webhook. The signature is checked over the raw bytes before anything is parsed (401
 * and no effect on failure). After that the answer is always 200 with a JSON body, even when
 * processing fails, because Agora gives up after three retries anyway; reconciliation repairs what
 * a failed notice left undone.
 */
@RestController
class RecordingCallbackController {

    private static final Logger log = LoggerFactory.getLogger(RecordingCallbackController.class);

    private final NcsSignature signature;
    private final NoticeHandler handler;

    RecordingCallbackController(RecordingSettings settings, NoticeHandler handler) {
        this.signature = new NcsSignature(settings.ncsSecret());
        this.handler = handler;
    }

    @PostMapping("/api/workshops/recording-callback")
    Map<String, Object> callback(
            @RequestBody(required = false) byte[] body,
            @RequestHeader(name = "Agora-Signature-V2", required = false) String signatureV2) {
        byte[] raw = body == null ? new byte[0] : body;
        if (!signature.verify(raw, signatureV2)) {
            throw new Unauthorized("invalid or missing Agora-Signature-V2");
        }
        try {
            return Map.of("ok", true, "result", handler.handle(raw).name().toLowerCase(java.util.Locale.ROOT));
        } catch (RuntimeException e) {
            log.warn("NCS notice could not be processed; reconciliation will retry", e);
            return Map.of("ok", false, "result", "error");
        }
    }
}
