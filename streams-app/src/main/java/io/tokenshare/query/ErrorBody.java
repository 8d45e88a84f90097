package io.tokenshare.query;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JSON body of every error answer. Never carries a stack trace.
 *
 * @param error     a stable code: bad_request, not_found, method_not_allowed, unavailable, internal
 * @param message   what went wrong, for people
 * @param parameter for bad_request, the parameter at fault
 * @param expected  for bad_request, what a valid value looks like
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String error, String message, String parameter, String expected) {

    static ErrorBody of(String error, String message) {
        return new ErrorBody(error, message, null, null);
    }
}
