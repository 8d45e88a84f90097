package io.tokenshare.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The envelope of every API answer: the data, and which instances served it from which stores.
 *
 * @param data   the answer
 * @param served where it came from
 * @param note   a remark about the answer, e.g. why it is empty; absent when there is none
 * @param <T> the data type
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiResponse<T>(T data, Served served, String note) {

    /**
     * Where an answer came from.
     *
     * @param receivedBy the instance the client asked, host:port
     * @param forwarded  whether another instance read any part of the answer
     * @param sources    each instance that read a part, with the store, its role and partitions
     */
    public record Served(String receivedBy, boolean forwarded, List<Source> sources) {

        static Served of(String receivedBy, List<Source> sources) {
            return new Served(
                    receivedBy, sources.stream().anyMatch(s -> !s.instance().equals(receivedBy)), sources);
        }
    }
}
