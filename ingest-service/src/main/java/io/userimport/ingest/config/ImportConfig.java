package io.userimport.ingest.config;

import java.time.Clock;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The clock, the executor that stages and publishes imports, and the hashing of the file's passwords. */
@Configuration(proxyBeanMethods = false)
class ImportConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }


    @Bean
    TaskExecutor importExecutor(IngestProperties properties) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(properties.concurrentImports());
        executor.setMaxPoolSize(properties.concurrentImports());
        executor.setThreadNamePrefix("import-");
        executor.setWaitForTasksToCompleteOnShutdown(false);
        return executor;
    }

    /** Hashes carry their algorithm ({@code {bcrypt}...}) so the directory can verify them and a later change of algorithm stays readable. */
    @Bean
    PasswordEncoder passwordEncoder(IngestProperties properties) {
        return new DelegatingPasswordEncoder("bcrypt",
                Map.of("bcrypt", new BCryptPasswordEncoder(properties.passwordHashStrength())));
    }
}
