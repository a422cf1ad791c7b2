package io.userimport.localstack;

import java.nio.file.Path;

/** One local stack for every end-to-end test class of this JVM: started on first use, stopped when the JVM exits. */
final class SharedStack {

    private static LocalStack stack;

    private SharedStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            stack = new LocalStack().start(LocalStack.Settings.anyFreePorts(Path.of("..").toAbsolutePath().normalize()));
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
        }
        return stack;
    }
}
