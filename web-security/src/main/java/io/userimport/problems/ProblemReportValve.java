package io.userimport.problems;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's own error answers as problem bodies: a request Tomcat refuses before any servlet sees
 * it (an unencoded {@code <} or a space in the path, a malformed header or percent-encoding)
 * would otherwise get its HTML error report.
 */
public class ProblemReportValve extends ErrorReportValve {

    /** Puts this valve in place of the host's {@link ErrorReportValve}s. */
    static void install(Container host) {
        for (Valve valve : host.getPipeline().getValves()) {
            if (valve.getClass() == ErrorReportValve.class) {
                host.getPipeline().removeValve(valve);
            }
        }
        if (host instanceof StandardHost standardHost) {
            standardHost.setErrorReportValveClass(ProblemReportValve.class.getName());
        }
        host.getPipeline().addValve(new ProblemReportValve());
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(Problems.json(status, detail(status, response.getMessage(), throwable),
                        request.getRequestURI()));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone, or the response cannot be written: nothing more to tell it
        }
    }

    private static String detail(int status, String message, Throwable throwable) {
        if (message != null && !message.isBlank()) {
            return message;
        }
        String cause = throwable == null || throwable.getMessage() == null ? ""
                : throwable.getMessage().lines().findFirst().orElse("").strip();
        if (status == HttpStatus.BAD_REQUEST.value()) {
            return (cause.isEmpty() ? "" : cause + (cause.endsWith(".") ? " " : ". "))
                    + "The request breaks HTTP's syntax, so it was not read: characters such as <, >, {, }, |, a space"
                    + " or a lone % must be percent-encoded in the path and query, and each header must be a"
                    + " 'Name: value' line.";
        }
        if (!cause.isEmpty()) {
            return cause;
        }
        return Problems.reason(status);
    }
}
