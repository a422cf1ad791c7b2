package io.userimport.ingest.imports;

import io.userimport.model.CsvColumn;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;

/** Which cell of a row holds which column, as the header row says. */
final class HeaderMapping {

    /** The most columns a file may have: every job keeps and shows its header. */
    static final int MAX_COLUMNS = 500;
    /** The longest column name. */
    static final int MAX_COLUMN_NAME = 200;

    private final List<String> headers;
    private final Map<CsvColumn, Integer> indexes;
    private final List<String> unknownColumns;
    /** The column at each position of the header, null where review does not know it. */
    private final CsvColumn[] columns;

    private HeaderMapping(List<String> headers, Map<CsvColumn, Integer> indexes, List<String> unknownColumns) {
        this.columns = new CsvColumn[headers.size()];
        indexes.forEach((column, index) -> columns[index] = column);
        this.headers = headers;
        this.indexes = indexes;
        this.unknownColumns = unknownColumns;
    }

    /** Maps a header row; rejects a file whose header names no identity column or one column twice. */
    static HeaderMapping of(List<String> headerCells) {
        if (headerCells.stream().anyMatch(cell -> cell.indexOf('\0') >= 0)) {
            throw new ImportRejectedException("Unsupported encoding", "The header row holds NUL characters: the file "
                    + "looks like UTF-16 or UTF-32 without a byte order mark. Save it as UTF-8 (or as UTF-16 with a "
                    + "byte order mark) and upload it again.");
        }
        if (headerCells.size() > MAX_COLUMNS) {
            throw new ImportRejectedException("Too many columns", ("The header row has %,d columns; a file may have "
                    + "at most %d. Keep the columns of the template and upload it again.")
                    .formatted(headerCells.size(), MAX_COLUMNS));
        }
        for (int i = 0; i < headerCells.size(); i++) {
            String cell = headerCells.get(i);
            if (cell != null && cell.length() > MAX_COLUMN_NAME) {
                throw new ImportRejectedException("Column name too long", ("Column %d's name is %,d characters long; "
                        + "a column name may have at most %d. Is the header row missing?")
                        .formatted(i + 1, cell.length(), MAX_COLUMN_NAME));
            }
        }
        Map<CsvColumn, Integer> indexes = new EnumMap<>(CsvColumn.class);
        List<String> unknown = new ArrayList<>();
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < headerCells.size(); i++) {
            String cell = headerCells.get(i) == null ? "" : headerCells.get(i).replace("\uFEFF", "").trim();
            headers.add(cell);
            if (cell.isEmpty()) {
                continue;
            }
            if (CsvColumn.looksSecret(cell)) {
                throw new ImportRejectedException("Column looks like a secret", ("Column %d, '%s', looks like it "
                        + "holds passwords or other secrets, which are never stored. Name the password column "
                        + "'password' (or 'password_hash' for hashes) and remove any other secret column.")
                        .formatted(i + 1, cell));
            }
            var column = CsvColumn.forHeader(cell);
            if (column.isEmpty()) {
                unknown.add(cell);
            } else if (indexes.putIfAbsent(column.get(), i) != null) {
                throw new ImportRejectedException("Column given twice", "Columns '%s' and '%s' both name %s; keep one."
                        .formatted(headers.get(indexes.get(column.get())), cell, column.get().header()));
            }
        }
        if (!indexes.containsKey(CsvColumn.LOGIN_ID) && !indexes.containsKey(CsvColumn.EMAIL)) {
            // the cells are not echoed: without a header row, the first row of data (its password too) is here
            boolean looksLikeData = headers.stream().anyMatch(cell -> cell.contains("@"));
            throw new ImportRejectedException("No identity column", ("The header row (%d columns) has neither a "
                    + "login_id nor an email column, so no row can name its user.%s Download the template from "
                    + "/api/imports/template.csv.").formatted(headers.size(), looksLikeData
                    ? " The first row looks like data: is the header row missing?" : ""));
        }
        return new HeaderMapping(List.copyOf(headers), indexes, List.copyOf(unknown));
    }

    /** True when the file has no login id column: the email is the login id and identifies the user. */
    boolean identifiedByEmail() {
        return !indexes.containsKey(CsvColumn.LOGIN_ID);
    }

    boolean has(CsvColumn column) {
        return indexes.containsKey(column);
    }

    /** The column at {@code index}, or null when the file's column there is one review does not know. */
    CsvColumn column(int index) {
        return index < columns.length ? columns[index] : null;
    }

    /**
     * A cell as it may be stored and shown: a NUL, which no database text holds, shows as ␀
     * (review fails a row with one, so it is never applied).
     */
    static String printable(String cell) {
        return cell.indexOf('\0') < 0 ? cell : cell.replace('\0', '\u2400');
    }

    List<String> headers() {
        return headers;
    }

    /** The name by which column {@code index} is shown: its header, or its position when the header is blank. */
    String key(int index) {
        return headers.get(index).isEmpty() ? "column " + (index + 1) : headers.get(index);
    }

    List<String> warnings() {
        return unknownColumns.stream().map(name -> "Unknown column '" + name + "' ignored").toList();
    }

    /** The trimmed cell of a column, or null when the column is absent or the cell blank. */
    String cell(CSVRecord record, CsvColumn column) {
        Integer index = indexes.get(column);
        if (index == null || index >= record.size()) {
            return null;
        }
        String value = record.get(index).trim();
        return value.isEmpty() ? null : printable(value);
    }

    /** Whether the row has as many cells as the header: otherwise a comma is missing or extra, and any cell may be shifted. */
    boolean aligned(CSVRecord record) {
        return record.size() == headers.size();
    }

    /**
     * The row's cells as uploaded, in the header's order, with null for the password and password
     * hash; none of a row that is not {@link #aligned}, whose password may have shifted into any
     * column.
     */
    List<String> original(CSVRecord record) {
        if (!aligned(record)) {
            return List.of();
        }
        Integer passwordIndex = indexes.get(CsvColumn.PASSWORD);
        Integer hashIndex = indexes.get(CsvColumn.PASSWORD_HASH);
        List<String> original = new ArrayList<>(headers.size());
        for (int i = 0; i < headers.size(); i++) {
            boolean secret = Integer.valueOf(i).equals(passwordIndex) || Integer.valueOf(i).equals(hashIndex);
            original.add(secret ? null : printable(record.get(i)));
        }
        return original;
    }
}
