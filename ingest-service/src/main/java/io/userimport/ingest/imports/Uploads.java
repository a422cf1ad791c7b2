package io.userimport.ingest.imports;

import io.userimport.ingest.config.IngestProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;

/**
 * Where an uploaded file waits, under {@code app.ingest.storage-dir}, until its rows are staged.
 * It may hold passwords in clear, so it is readable by this service's user only, and deleted as
 * soon as its rows are staged.
 */
@Component
class Uploads {

    private static final Logger log = LoggerFactory.getLogger(Uploads.class);

    private final Path storageDir;

    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private final boolean posix;

    Uploads(IngestProperties properties) throws IOException {
        this.storageDir = properties.storageDir();
        Files.createDirectories(storageDir);
        this.posix = Files.getFileStore(storageDir).supportsFileAttributeView("posix");
        ownerOnly(storageDir);
        ownerOnly(incoming());
    }

    Path store(UUID importId, MultipartFile upload) throws IOException {
        try (InputStream in = upload.getInputStream()) {
            return store(importId, in);
        }
    }

    /** Copies a file into the store (a scheduled import's, say), so it can be staged like an upload. */
    Path store(UUID importId, Path source) throws IOException {
        try (InputStream in = Files.newInputStream(source)) {
            return store(importId, in);
        }
    }

    /** Writes the file readable and writable by this service's user only, in a directory only it can enter. */
    private Path store(UUID importId, InputStream content) throws IOException {
        Path file = path(importId);
        ownerOnly(storageDir);
        if (posix) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            content.transferTo(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }

    /**
     * Where multipart uploads are buffered while a request is read
     * ({@code spring.servlet.multipart.location}): inside the store, so only this service's user can read them.
     */
    Path incoming() {
        return storageDir.resolve("incoming");
    }

    /** Creates the directory if it is missing (a cleaner may have removed it) and lets only this service's user in. */
    private void ownerOnly(Path directory) throws IOException {
        Files.createDirectories(directory);
        if (posix) {
            Files.setPosixFilePermissions(directory, DIRECTORY);
        }
    }

    Path path(UUID importId) {
        return storageDir.resolve(importId + ".csv");
    }

    void delete(UUID importId) {
        try {
            Files.deleteIfExists(path(importId));
        } catch (IOException e) {
            log.warn("Could not delete the upload of import {}", importId, e);
        }
    }
}
