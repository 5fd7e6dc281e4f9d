package dev.lectern.rtc;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/** The per-service part of signingInfo: {@code u16 type | privileges | type-specific fields}. */
final class TokenCodec {

    private TokenCodec() {}

    static void write(ByteWriter out, TokenService service) {
        out.u16(service.type()).privileges(service.privileges());
        switch (service) {
            case TokenService.Rtc rtc -> out.string(rtc.channelName()).string(rtc.uid());
            case TokenService.Rtm rtm -> out.string(rtm.userId());
            case TokenService.Chat chat -> out.string(chat.userId());
        }
    }

    static ParsedToken read(byte[] signature, byte[] signingInfo) {
        ByteReader in = new ByteReader(signingInfo);
        String appId = in.string();
        long issueTs = in.u32();
        long expire = in.u32();
        int salt = (int) in.u32();
        int count = in.u16();
        List<TokenService> services = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            services.add(readService(in));
        }
        // Trailing bytes would be covered by the signature yet mean nothing to us: refuse, don't ignore.
        if (in.remaining() != 0) {
            throw new IllegalArgumentException("malformed AccessToken2: " + in.remaining() + " trailing bytes");
        }
        return new ParsedToken(appId, issueTs, expire, salt, signature, services, signingInfo);
    }

    private static TokenService readService(ByteReader in) {
        int type = in.u16();
        SortedMap<Integer, Long> privileges = in.privileges();
        return switch (type) {
            case TokenService.RTC -> new TokenService.Rtc(in.string(), in.string(), privileges);
            case TokenService.RTM -> new TokenService.Rtm(in.string(), privileges);
            case TokenService.CHAT -> new TokenService.Chat(in.string(), privileges);
            // Other services carry fields whose layout we do not model, so the rest cannot be read safely.
            default -> throw new IllegalArgumentException("unsupported AccessToken2 service type " + type);
        };
    }
}
