package io.userimport.ingest.imports;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A file or request refused as a whole, before any row is applied. Answered as a 400 problem. */
class ImportRejectedException extends ErrorResponseException {

    ImportRejectedException(String title, String detail) {
        super(HttpStatus.BAD_REQUEST, problem(title, detail), null);
    }

    private static ProblemDetail problem(String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle(title);
        return problem;
    }
}
