package io.userimport.problems;

import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Spring MVC's problem bodies (as {@code spring.mvc.problemdetails.enabled} gives them), with a
 * detail that says what a malformed path or query value should have been.
 */
@ControllerAdvice
class ProblemExceptionHandler extends ResponseEntityExceptionHandler {

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException argument ? argument.getName()
                : ex.getPropertyName();
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status,
                "'%s' is not a valid %s: expected %s.".formatted(ex.getValue(), name, expected(ex.getRequiredType())));
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    static String expected(Class<?> type) {
        if (type == null) {
            return "another value";
        }
        if (type == UUID.class) {
            return "a UUID such as 0b9e4f0c-5a7d-4c1e-9a51-2f6d3c8e7b10";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        return "a " + type.getSimpleName();
    }
}
