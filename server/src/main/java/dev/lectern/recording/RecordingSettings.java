package dev.lectern.recording;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where recordings go and how Agora's webhook proves itself. Blank values mean "not configured".
 *
 * @param storageVendor Agora storage vendor number (1 = Amazon S3, …)
 * @param storageRegion the vendor's region number
 * @param publicBaseUrl where recorded files are served from; a video's url is this + "/" + file name
 * @param ncsSecret the NCS webhook secret; unset refuses every callback
 */
@ConfigurationProperties("lectern.recording")
public record RecordingSettings(
        Integer storageVendor,
        Integer storageRegion,
        String storageBucket,
        String storageAccessKey,
        String storageSecretKey,
        String publicBaseUrl,
        String ncsSecret) {

    public boolean storageConfigured() {
        return storageVendor != null
                && storageRegion != null
                && !isBlank(storageBucket)
                && !isBlank(storageAccessKey)
                && !isBlank(storageSecretKey);
    }

    /** The public URL of a recorded file, or the bare file name when no base URL is configured. */
    public String fileUrl(String fileName) {
        if (isBlank(publicBaseUrl)) {
            return fileName;
        }
        String base =
                publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
        return base + "/" + fileName;
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
