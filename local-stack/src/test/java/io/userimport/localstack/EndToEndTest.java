package io.userimport.localstack;

import org.junit.jupiter.api.BeforeAll;

/** An end-to-end test on the JVM's one local stack ({@link SharedStack}), driven as the Administrator. */
abstract class EndToEndTest {

    static LocalStack stack;
    static AdminApi api;

    @BeforeAll
    static void startStack() {
        stack = SharedStack.get();
        api = new AdminApi(stack);
    }
}
