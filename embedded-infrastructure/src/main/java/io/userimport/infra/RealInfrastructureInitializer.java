package io.userimport.infra;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a Spring Boot test context at the shared real Kafka broker and PostgreSQL server.
 * Use with {@code @ContextConfiguration(initializers = RealInfrastructureInitializer.class)}.
 */
public class RealInfrastructureInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("realInfrastructure", Map.of(
                "spring.kafka.bootstrap-servers", infrastructure.kafkaBootstrapServers(),
                "spring.datasource.url", infrastructure.jdbcUrl(),
                "spring.datasource.username", infrastructure.username(),
                "spring.datasource.password", infrastructure.password())));
    }
}
