package io.userimport.ingest.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.input.BOMInputStream;

/**
 * Streams an uploaded CSV file record by record (RFC 4180, UTF-8 with or without a BOM, CRLF or
 * LF), so that no file, however large, is held in memory.
 */
final class CsvFile {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    private CsvFile() {
    }

    /** Reads the header row only. */
    static HeaderMapping readHeader(Path file) {
        try (CSVParser parser = open(file)) {
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) {
                throw new ImportRejectedException("Empty file", "The file is empty: it needs a header row naming its columns.");
            }
            return HeaderMapping.of(records.next().toList());
        } catch (IOException | UncheckedIOException e) {
            throw new ImportRejectedException("Unreadable file", "The header row cannot be read as CSV: " + e.getMessage());
        }
    }

    /**
     * Hands every data row to the consumer, in file order, numbered from 1 (the header is not counted).
     *
     * @throws MalformedCsvException when the file stops being valid CSV; it names the row
     */
    static void forEachRow(Path file, RowConsumer consumer) throws IOException {
        try (CSVParser parser = open(file)) {
            Iterator<CSVRecord> records = parser.iterator();
            records.next();
            int rowNumber = 0;
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        return;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    throw new MalformedCsvException(rowNumber + 1, parser.getCurrentLineNumber(), e);
                }
                consumer.accept(++rowNumber, record);
            }
        }
    }

    private static CSVParser open(Path file) throws IOException {
        InputStream in = BOMInputStream.builder().setInputStream(Files.newInputStream(file)).get();
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
        return CSVParser.parse(reader, FORMAT);
    }

    @FunctionalInterface
    interface RowConsumer {
        void accept(int rowNumber, CSVRecord record);
    }

    /** The file stopped being valid CSV (an unclosed quote, say) at a known row. */
    static final class MalformedCsvException extends IOException {

        MalformedCsvException(int rowNumber, long lineNumber, Exception cause) {
            super("Row %d (line %d) is not valid CSV: %s".formatted(rowNumber, lineNumber,
                    cause.getCause() != null ? cause.getCause().getMessage() : cause.getMessage()), cause);
        }
    }

}
