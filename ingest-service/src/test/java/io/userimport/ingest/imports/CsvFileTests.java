package io.userimport.ingest.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFileTests {

    private static final String CSV = "login_id,first_name\r\njose,José\r\nismail,İsmail\r\n";

    @TempDir
    Path dir;

    @Test
    void readsUtf8WithOrWithoutAByteOrderMark() throws IOException {
        assertThat(rows(write(CSV.getBytes(StandardCharsets.UTF_8)))).containsExactly("jose|José", "ismail|İsmail");
        assertThat(rows(write(withBom(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, StandardCharsets.UTF_8))))
                .containsExactly("jose|José", "ismail|İsmail");
    }

    @Test
    void decodesUtf16AndUtf32ByTheirByteOrderMark() throws IOException {
        assertThat(rows(write(withBom(new byte[] {(byte) 0xFF, (byte) 0xFE}, StandardCharsets.UTF_16LE))))
                .containsExactly("jose|José", "ismail|İsmail");
        assertThat(rows(write(withBom(new byte[] {(byte) 0xFE, (byte) 0xFF}, StandardCharsets.UTF_16BE))))
                .containsExactly("jose|José", "ismail|İsmail");
        assertThat(rows(write(withBom(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0}, Charset.forName("UTF-32LE")))))
                .containsExactly("jose|José", "ismail|İsmail");
    }

    @Test
    void refusesUtf16WithoutAByteOrderMarkClearly() throws IOException {
        Path file = write(CSV.getBytes(StandardCharsets.UTF_16LE));

        assertThatThrownBy(() -> CsvFile.readHeader(file, 1000)).isInstanceOf(ImportRejectedException.class)
                .hasMessageContaining("looks like UTF-16 or UTF-32 without a byte order mark");
    }

    @Test
    void readsAFileCompressedWithGzipWhateverItsName() throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(CSV.getBytes(StandardCharsets.UTF_8));
        }
        Path file = write(compressed.toByteArray());

        assertThat(CsvFile.readHeader(file, 1000).headers()).containsExactly("login_id", "first_name");
        assertThat(rows(file)).containsExactly("jose|José", "ismail|İsmail");
    }

    @Test
    void namesTheRowWhereACompressedFileIsCutShort() throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(("login_id\n" + "user\n".repeat(50_000)).getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = compressed.toByteArray();
        Path file = write(java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> rows(file)).isInstanceOf(CsvFile.MalformedCsvException.class)
                .hasMessageContaining("cannot be read: the file is compressed with gzip but damaged or cut short");
    }

    @Test
    void keepsBytesThatAreNotUtf8AsAMarkForReviewToName() throws IOException {
        byte[] latin1 = "login_id,first_name\njose,José\n".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(rows(write(latin1))).containsExactly("jose|Jos" + CsvFile.UNDECODABLE);
    }

    @Test
    void stopsAtARowLongerThanTheLimitAndNamesIt() throws IOException {
        Path file = write(("login_id,notes\nann,short\nbob,\"" + "x".repeat(200_000) + "\"\ncid,short\n")
                .getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> rows(file, 100_000)).isInstanceOf(CsvFile.MalformedCsvException.class)
                .hasMessage("Row 2 (line 3) cannot be read: the row is longer than 100,000 characters (a quote may "
                        + "be left open, or a cell is far too large)");
        assertThat(rows(file, 300_000)).hasSize(3);
    }

    private byte[] withBom(byte[] bom, Charset charset) {
        byte[] text = CSV.getBytes(charset);
        byte[] bytes = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, bytes, 0, bom.length);
        System.arraycopy(text, 0, bytes, bom.length, text.length);
        return bytes;
    }

    @Test
    void countsDataRowsInAFirstPassWhateverTheirLineBreaksAndRefusesMoreThanTheMost() throws IOException {
        Path file = write("login_id,note\r\na,\"two\nlines\"\r\n\r\nb,x\nc,y\n".getBytes(StandardCharsets.UTF_8));

        assertThat(CsvFile.countRows(file, 1000, 3)).isEqualTo(3);
        assertThatThrownBy(() -> CsvFile.countRows(file, 1000, 2)).isInstanceOf(CsvFile.TooManyRowsException.class)
                .hasMessageContaining("more than 2 rows");
        Path broken = write("login_id,note\na,\"open\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> CsvFile.countRows(broken, 1000, 10)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("Row 1 (line");
    }

    private Path write(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(dir, "upload", ".csv"), bytes);
    }

    private static List<String> rows(Path file) throws IOException {
        return rows(file, 100_000);
    }

    private static List<String> rows(Path file, long maxRecordChars) throws IOException {
        List<String> rows = new ArrayList<>();
        CsvFile.forEachRow(file, maxRecordChars, (n, record) -> rows.add(String.join("|", record.toList())));
        return rows;
    }
}
