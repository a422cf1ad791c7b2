package io.userimport.ingest.imports;

import io.userimport.model.CsvColumn;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;

/** Which cell of a row holds which column, as the header row says. */
final class HeaderMapping {

    private final List<String> headers;
    private final Map<CsvColumn, Integer> indexes;
    private final List<String> unknownColumns;

    private HeaderMapping(List<String> headers, Map<CsvColumn, Integer> indexes, List<String> unknownColumns) {
        this.headers = headers;
        this.indexes = indexes;
        this.unknownColumns = unknownColumns;
    }

    /** Maps a header row; rejects a file whose header names no identity column or one column twice. */
    static HeaderMapping of(List<String> headerCells) {
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

    List<String> headers() {
        return headers;
    }

    /** The key of column {@code index} in {@link #original}: its header, or its position when the header is blank. */
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
        return value.isEmpty() ? null : value;
    }

    /** Whether the row has as many cells as the header: otherwise a comma is missing or extra, and any cell may be shifted. */
    boolean aligned(CSVRecord record) {
        return record.size() == headers.size();
    }

    /**
     * The row's cells by header, as uploaded, without the password or password hash; none of a
     * row that is not {@link #aligned}, whose password may have shifted into any column.
     */
    Map<String, String> original(CSVRecord record) {
        Map<String, String> original = new LinkedHashMap<>();
        if (!aligned(record)) {
            return original;
        }
        Integer passwordIndex = indexes.get(CsvColumn.PASSWORD);
        Integer hashIndex = indexes.get(CsvColumn.PASSWORD_HASH);
        for (int i = 0; i < headers.size(); i++) {
            if (!Integer.valueOf(i).equals(passwordIndex) && !Integer.valueOf(i).equals(hashIndex)) {
                original.put(key(i), record.get(i));
            }
        }
        return original;
    }
}
