package io.userimport.ingest.imports;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.ByteOrderMark;
import org.apache.commons.io.input.BOMInputStream;

/**
 * Streams an uploaded CSV file record by record (RFC 4180, CRLF or LF), so that no file, however
 * large, is held in memory: UTF-8 with or without a byte order mark, UTF-16 or UTF-32 with one,
 * and any of these compressed with gzip (recognised by its first bytes, whatever the file's
 * name). Bytes that are not valid in the file's encoding become {@link #UNDECODABLE}, which
 * review reports as an encoding error of its row, never as data. No record may be longer than
 * {@code maxRecordChars}: a longer one ends the file, naming its row, before it fills the memory.
 */
final class CsvFile {

    /** What a cell holds in place of bytes the file's encoding cannot decode. */
    static final char UNDECODABLE = '\uFFFD';

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
    /** Characters the parser may have read beyond the record it returns (its buffer, with room to spare). */
    private static final int READ_AHEAD = 16_384;

    private CsvFile() {
    }

    /** Reads the header row only. */
    static HeaderMapping readHeader(Path file, long maxRecordChars) {
        try (CSVParser parser = CSVParser.parse(reader(file, maxRecordChars), FORMAT)) {
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) {
                throw new ImportRejectedException("Empty file", "The file is empty: it needs a header row naming its columns.");
            }
            return HeaderMapping.of(records.next().toList());
        } catch (IOException | UncheckedIOException e) {
            throw new ImportRejectedException("Unreadable file", "The header row cannot be read: "
                    + describe(e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e, "header row"));
        }
    }

    /**
     * Hands every data row to the consumer, in file order, numbered from 1 (the header is not counted).
     *
     * @throws MalformedCsvException when the file stops being valid CSV or a row is too long; it names the row
     */
    static void forEachRow(Path file, long maxRecordChars, RowConsumer consumer) throws IOException {
        BoundedReader reader = reader(file, maxRecordChars);
        try (CSVParser parser = CSVParser.parse(reader, FORMAT)) {
            Iterator<CSVRecord> records = parser.iterator();
            records.next();
            int rowNumber = 0;
            while (true) {
                reader.startRecord();
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

    /**
     * Reads the whole file once and counts its data rows, checking that it is valid CSV throughout
     * and that it has at most {@code maxRows} rows: what can fail a file as a whole fails it here,
     * before any of its rows is applied.
     *
     * @throws MalformedCsvException when the file stops being valid CSV, a row is too long, or there are too many
     */
    static int countRows(Path file, long maxRecordChars, int maxRows) throws IOException {
        int[] count = {0};
        forEachRow(file, maxRecordChars, (rowNumber, record) -> {
            if (rowNumber > maxRows) {
                throw new TooManyRowsException(maxRows);
            }
            count[0] = rowNumber;
        });
        return count[0];
    }

    /** The file has more rows than one import takes. */
    static final class TooManyRowsException extends RuntimeException {

        TooManyRowsException(int max) {
            super("The file has more than %,d rows, the most one import takes (app.ingest.max-rows); split it"
                    .formatted(max));
        }
    }

    private static BoundedReader reader(Path file, long maxRecordChars) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 65_536);
        try {
            in.mark(2);
            boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            if (gzip) {
                in = new BufferedInputStream(new GZIPInputStream(in, 65_536), 65_536);
            }
            BOMInputStream bom = BOMInputStream.builder().setInputStream(in).setByteOrderMarks(ByteOrderMark.UTF_8,
                    ByteOrderMark.UTF_16LE, ByteOrderMark.UTF_16BE, ByteOrderMark.UTF_32LE, ByteOrderMark.UTF_32BE).get();
            Charset charset = bom.hasBOM() ? Charset.forName(bom.getBOMCharsetName()) : StandardCharsets.UTF_8;
            return new BoundedReader(new InputStreamReader(bom, charset), maxRecordChars);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** What went wrong reading a file, in words for whoever uploaded it. */
    private static String describe(Throwable e, String where) {
        if (e instanceof RecordTooLongException tooLong) {
            return "the " + where + " is longer than " + "%,d".formatted(tooLong.max) + " characters (a quote may be "
                    + "left open, or a cell is far too large)";
        }
        if (e instanceof ZipException || e instanceof EOFException) {
            return "the file is compressed with gzip but damaged or cut short near the " + where;
        }
        if (e.getCause() != null && e.getCause() != e) {
            return describe(e.getCause(), where);
        }
        return e.getMessage();
    }

    @FunctionalInterface
    interface RowConsumer {
        void accept(int rowNumber, CSVRecord record);
    }

    /** The file stopped being valid CSV (an unclosed quote, say), or a row was too long, at a known row. */
    static final class MalformedCsvException extends IOException {

        MalformedCsvException(int rowNumber, long lineNumber, Exception cause) {
            super("Row %d (line %d) cannot be read: %s".formatted(rowNumber, lineNumber,
                    describe(cause, "row")), cause);
        }
    }

    /** Counts the characters read since the current record began, and stops at the limit. */
    private static final class BoundedReader extends FilterReader {

        private final long max;
        private long read;

        BoundedReader(Reader in, long max) {
            super(in);
            this.max = max;
        }

        void startRecord() {
            read = 0;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            count(c < 0 ? 0 : 1);
            return c;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > max + READ_AHEAD) {
                throw new RecordTooLongException(max);
            }
        }
    }

    private static final class RecordTooLongException extends IOException {

        final long max;

        RecordTooLongException(long max) {
            super("Record longer than " + max + " characters");
            this.max = max;
        }
    }
}
