package dev.lectern.rtc;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A decoded AccessToken2. {@code expire} and each privilege are seconds relative to {@code issueTs}.
 *
 * @param signingInfo the exact bytes the signature covers, kept so {@link #verify} checks what was
 *     received rather than a re-encoding of it
 */
@SuppressWarnings(
        "ArrayRecordComponent") // a decoded token's bytes, compared with Arrays.equals by the tests that read them
public record ParsedToken(
        String appId,
        long issueTs,
        long expire,
        int salt,
        byte[] signature,
        List<TokenService> services,
        byte[] signingInfo) {

    public ParsedToken {
        Objects.requireNonNull(appId, "appId == null");
        signature = Objects.requireNonNull(signature, "signature == null").clone();
        services = List.copyOf(services);
        signingInfo = Objects.requireNonNull(signingInfo, "signingInfo == null").clone();
    }

    /** True when the signature was made with this certificate; the comparison is constant-time. */
    public boolean verify(String appCertificate) {
        AccessToken2.requireHex32(appCertificate, "appCertificate");
        return MessageDigest.isEqual(signature, AccessToken2.sign(appCertificate, issueTs, salt, signingInfo));
    }

    public Instant expiresAt() {
        return Instant.ofEpochSecond(issueTs + expire);
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public byte[] signingInfo() {
        return signingInfo.clone();
    }

    /** By content: the record default would compare the arrays by identity. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ParsedToken that
                && appId.equals(that.appId)
                && issueTs == that.issueTs
                && expire == that.expire
                && salt == that.salt
                && Arrays.equals(signature, that.signature)
                && services.equals(that.services)
                && Arrays.equals(signingInfo, that.signingInfo);
    }

    @Override
    public int hashCode() {
        return Objects.hash(appId, issueTs, expire, salt, Arrays.hashCode(signature), services);
    }

    @Override
    public String toString() {
        return "ParsedToken[appId=" + appId + ", issueTs=" + issueTs + ", expire=" + expire + ", salt=" + salt
                + ", signature=" + HexFormat.of().formatHex(signature) + ", services=" + services + "]";
    }
}
