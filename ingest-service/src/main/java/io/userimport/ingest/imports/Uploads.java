package io.userimport.ingest.imports;

import io.userimport.ingest.config.IngestProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;

/**
 * Where an uploaded file waits, under {@code app.ingest.storage-dir}, until its rows are staged.
 * It may hold passwords in clear, so it is deleted as soon as it is no longer needed.
 */
@Component
class Uploads {

    private static final Logger log = LoggerFactory.getLogger(Uploads.class);

    private final Path storageDir;

    Uploads(IngestProperties properties) {
        this.storageDir = properties.storageDir();
    }

    Path store(UUID importId, MultipartFile upload) throws IOException {
        Path file = path(importId);
        Files.createDirectories(storageDir);
        upload.transferTo(file);
        return file;
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
