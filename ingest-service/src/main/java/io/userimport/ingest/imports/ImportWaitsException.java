package io.userimport.ingest.imports;

/**
 * An import cannot go on until something outside it answers (the user directory, say): the job
 * shows the message while it waits, and is resumed by itself.
 */
class ImportWaitsException extends RuntimeException {

    ImportWaitsException(String waitingFor, Throwable cause) {
        super(waitingFor, cause);
    }
}
