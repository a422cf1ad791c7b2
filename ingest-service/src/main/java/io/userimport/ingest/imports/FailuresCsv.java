package io.userimport.ingest.imports;

import io.userimport.ingest.imports.ImportRows.FailedRow;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.stereotype.Component;

/**
 * Writes an import's failed rows as CSV, streamed page by page: the file's own columns with the
 * cells as uploaded (a password or password hash is never written back), plus {@code error}. The
 * file can be corrected and uploaded again. Cells a spreadsheet would run as a formula are
 * neutralised with a leading quote (OWASP's advice against CSV injection).
 */
@Component
class FailuresCsv {

    static final String ERROR_COLUMN = "error";
    private static final int PAGE = 1000;

    private final ImportRows rows;

    FailuresCsv(ImportRows rows) {
        this.rows = rows;
    }

    void write(ImportJob job, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        List<String> columns = new ArrayList<>(job.fileColumns());
        columns.add(ERROR_COLUMN);
        CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180);
        csv.printRecord(columns.stream().map(FailuresCsv::neutralise).toList());
        int after = 0;
        List<FailedRow> page;
        while (!(page = rows.failures(job.id(), after, PAGE)).isEmpty()) {
            for (FailedRow row : page) {
                List<String> cells = new ArrayList<>(columns.size());
                for (int i = 0; i < job.fileColumns().size(); i++) {
                    cells.add(neutralise(i < row.cells().size() ? row.cells().get(i) : null));
                }
                cells.add(neutralise(row.reason()));
                csv.printRecord(cells);
            }
            after = page.get(page.size() - 1).rowNumber();
        }
        csv.flush();
    }

    /** A cell that starts like a formula ({@code = + - @}, tab or carriage return) gets a leading {@code '}. */
    static String neutralise(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        char first = cell.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + cell : cell;
    }
}
