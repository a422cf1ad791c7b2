package io.userimport.problems;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The error page of every service, for errors sent with {@code sendError} outside Spring MVC's
 * exception handling (by a filter, or by the container itself): a problem body, whatever the
 * request accepts. A server error says no more than that, its cause is in the service's log.
 */
@Controller
@RequestMapping("${server.error.path:/error}")
class ProblemErrorController implements ErrorController {

    @RequestMapping
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        String path = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (!(code instanceof Integer status)) { // asked for directly, not as the page of an error
            Problems.write(response, HttpStatus.NOT_FOUND.value(), "No resource " + request.getRequestURI() + ".",
                    request.getRequestURI());
            return;
        }
        Problems.write(response, status, detail(status, (String) request.getAttribute(RequestDispatcher.ERROR_MESSAGE)),
                path);
    }

    private static String detail(int status, String message) {
        if (status >= 500) {
            return "The service could not answer this request; the cause is in its log. Try again shortly.";
        }
        if (message != null && !message.isBlank()) {
            return message;
        }
        return Problems.reason(status) + ".";
    }
}
