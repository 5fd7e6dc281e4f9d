package dev.lectern.recording;

import java.util.List;

/**
 * @param status Agora's recorder status: 0 not started ... 4 ready, 5 in progress, 6 stop requested,
 *     7 stopped, 8 exited, 20 exited abnormally
 * @param sliceStartTime null until Agora reports one
 */
public record QueryResult(int status, List<RecordedFile> files, Long sliceStartTime, int attempts) {

    public QueryResult {
        files = List.copyOf(files);
    }

    /** Agora's definition of a working recorder (status 4 or 5). */
    public boolean recording() {
        return status == 4 || status == 5;
    }
}
