package dev.lectern.recording;

import java.util.List;

/**
 * @param uploadingStatus "uploaded" (all files in our storage), "backuped" (some in Agora's backup,
 *     moved later) or "unknown"; null when there was nothing to upload
 * @param noRecordedData Agora answered 206 code 435: nobody published, so there are no files
 */
public record StopResult(String uploadingStatus, List<RecordedFile> files, boolean noRecordedData, int attempts) {

    public StopResult {
        files = List.copyOf(files);
    }
}
