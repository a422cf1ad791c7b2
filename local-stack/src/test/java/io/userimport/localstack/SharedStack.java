package io.userimport.localstack;

import java.nio.file.Path;

/** One local stack for every end-to-end test class of this JVM: started on first use, stopped when the JVM exits. */
final class SharedStack {

    private static LocalStack stack;

    private SharedStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            LocalStack starting = new LocalStack();
            // registered first, so that whatever did start is stopped even when a part fails to start
            Runtime.getRuntime().addShutdownHook(new Thread(starting::close));
            // a short account cache, so that tests see a role change take effect in seconds
            stack = starting.start(LocalStack.Settings.anyFreePorts(Path.of("..").toAbsolutePath().normalize())
                    .withAccountCacheFor("3s"));
        }
        return stack;
    }
}
